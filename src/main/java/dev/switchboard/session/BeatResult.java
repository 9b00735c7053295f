package dev.switchboard.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One beat of a batch heartbeat ({@code POST /v1/sessions/heartbeat}): {@code alive} or {@code revived} (a session
 * the sweeper had ended for silence) with the session's {@code status}, {@code last_seen_at} and {@code version};
 * {@code missing} for a key that doesn't exist or is outside the caller's grants (the two look alike, as everywhere);
 * {@code ended} for a session ended on purpose, which a heartbeat doesn't revive.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BeatResult(String key, String outcome, String status, Instant lastSeenAt, Long version) {
    public static final String ALIVE = "alive";
    public static final String REVIVED = "revived";
    public static final String MISSING = "missing";
    public static final String ENDED = "ended";

    static BeatResult of(Session s, String outcome) {
        return new BeatResult(s.key(), outcome, s.shownStatus(), s.lastSeenAt(), s.version());
    }

    static BeatResult without(String key, String outcome) {
        return new BeatResult(key, outcome, null, null, null);
    }
}
