package dev.switchboard.token;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A stored token as admins see it: never the secret, which exists only in the create response and,
 * hashed (SHA-256), in the store.
 *
 * @param kind {@code api} for ordinary tokens, {@code stream} for short-lived read-only stream tokens
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Token(
        String id,
        String name,
        String kind,
        List<String> scopes,
        List<String> channels,
        List<String> agents,
        List<String> plugins,
        String sessionKey,
        @JsonIgnore String parentId,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
