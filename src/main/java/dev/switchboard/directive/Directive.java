package dev.switchboard.directive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * An instruction for the agent of one session ({@code sessionKey}) or of every session matching a
 * {@code target} (its channel and/or agent). Pending until delivered with a run's input (or live on a
 * running process agent's stdin); acknowledged by the agent or a client.
 *
 * @param status      {@code pending}, {@code delivered}, {@code acked} or {@code expired}; for a targeted
 *                    directive read through a session, delivery is that session's
 * @param deliveredAt when it was delivered to the session it is read through (null: not yet)
 * @param runId       the run it was delivered with
 * @param source      who posted it, {@code {agent, session_key, user}} as JSON (null: not said)
 */
public record Directive(
        String id,
        String sessionKey,
        Target target,
        String content,
        Priority priority,
        List<String> tags,
        String missionId,
        Instant expiresAt,
        Instant createdAt,
        String status,
        Instant deliveredAt,
        String runId,
        Instant ackedAt,
        @JsonRawValue String result,
        @JsonRawValue String source) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String ACKED = "acked";
    public static final String EXPIRED = "expired";

    /** Sessions matching every given field; a null field matches any. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Target(String channel, String agent) {
        public boolean matches(String sessionChannel, String sessionAgent) {
            return (channel == null || channel.equals(sessionChannel)) && (agent == null || agent.equals(sessionAgent));
        }
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The status as seen at {@code now}. */
    public static String statusAt(Instant now, Instant ackedAt, Instant expiresAt, Instant deliveredAt) {
        if (ackedAt != null) return ACKED;
        if (expiresAt != null && !expiresAt.isAfter(now)) return EXPIRED;
        return deliveredAt != null ? DELIVERED : PENDING;
    }
}
