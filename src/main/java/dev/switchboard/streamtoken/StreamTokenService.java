package dev.switchboard.streamtoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.SessionService;
import dev.switchboard.token.CreatedToken;
import dev.switchboard.token.Token;
import dev.switchboard.token.TokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/stream-tokens}: short-lived, read-only tokens a browser can put in a URL
 * ({@code EventSource}/{@code WebSocket} can't send headers).
 *
 * <p>A stream token never grants more than its creator holds: its scopes are the creator's read scopes, its
 * channels and agents the creator's (narrowed to {@code channel} when given), optionally one {@code session}
 * the creator can see (404 otherwise, as everywhere). It expires after {@code ttl_seconds} (≤ 1 h, default
 * 5 min) and never after its creator; revoking the creator revokes it (the store links them by parent id) and
 * closes its open streams. A stream token can't mint another: that would let a URL-borne secret renew itself.
 */
public final class StreamTokenService {
    public static final long MAX_TTL_SECONDS = 3_600;
    public static final long DEFAULT_TTL_SECONDS = 300;
    private static final Set<String> FIELDS = Set.of("session", "channel", "ttl_seconds");

    /** The create response; {@code token} is the secret, shown this once. */
    public record Issued(String id, String token, Instant expiresAt, List<String> scopes, String session, String channel) {}

    private final TokenService tokens;
    private final SessionService sessions;
    private final Clock clock;

    public StreamTokenService(TokenService tokens, SessionService sessions, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Issued issue(Caller caller, JsonNode body) {
        caller.require(Scope.SESSIONS_READ);
        if (caller.readOnly()) throw ProblemException.forbidden("a stream token can't create stream tokens");
        Fields f = Fields.of(body);
        f.onlyAllow(FIELDS);
        String session = f.string("session", 512).orElse(null);
        String channel = f.string("channel", 128).orElse(null);
        long ttl = f.integer("ttl_seconds", 1, MAX_TTL_SECONDS).orElse(DEFAULT_TTL_SECONDS);
        f.check();
        if (session != null) sessions.get(caller, session); // 404 unless the creator can see it
        if (channel != null && caller.channels() != null && !caller.channels().contains(channel)) {
            throw ProblemException.forbidden("this token is not granted channel '" + channel + "'");
        }
        var scopes = new ArrayList<String>();
        for (Scope s : List.of(Scope.SESSIONS_READ, Scope.TRANSCRIPTS_READ)) {
            if (caller.has(s)) scopes.add(s.wire());
        }
        Instant expiresAt = clock.instant().plusSeconds(ttl);
        Instant parentExpiry = tokens.current(caller).map(Token::expiresAt).orElse(null);
        if (parentExpiry != null && parentExpiry.isBefore(expiresAt)) expiresAt = parentExpiry;
        List<String> channels = channel != null ? List.of(channel) : sortedOrNull(caller.channels());
        CreatedToken created = tokens.issue("stream", "stream:" + caller.name(), List.copyOf(scopes), channels,
                sortedOrNull(caller.agents()), null, session, caller.tokenId(), expiresAt);
        return new Issued(created.info().id(), created.token(), expiresAt, List.copyOf(scopes), session, channel);
    }

    private static List<String> sortedOrNull(Set<String> values) {
        return values == null ? null : values.stream().sorted().toList();
    }
}
