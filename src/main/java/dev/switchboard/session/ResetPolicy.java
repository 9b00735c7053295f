package dev.switchboard.session;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A fully resolved reset policy for one kind of conversation. {@link #due} is a pure function of
 * persisted timestamps and the current time, so a restart can never change its answer (there is no
 * in-memory timer to re-arm).
 *
 * @param idleMinutes silence after which {@code idle} starts a new instance
 * @param atHour      local hour (0–23) of the daily boundary in {@code timeZone}
 */
public record ResetPolicy(ResetMode mode, int idleMinutes, int atHour, ZoneId timeZone) {
    public static final String IDLE = "idle";
    public static final String DAILY = "daily";

    /**
     * Why a conversation last active at {@code lastActivity} must start a new instance at {@code now}:
     * {@code "idle"}, {@code "daily"}, or {@code null} when it continues. Idle is checked first, so a
     * conversation that was both silent too long and crossed a boundary reports {@code idle}.
     */
    public String due(Instant lastActivity, Instant now) {
        if (mode.idle() && Duration.between(lastActivity, now).compareTo(Duration.ofMinutes(idleMinutes)) > 0) {
            return IDLE;
        }
        if (mode.daily() && lastActivity.isBefore(lastBoundary(now, atHour, timeZone))) return DAILY;
        return null;
    }

    /**
     * The latest daily boundary at or before {@code now}: {@code atHour}:00 local time in {@code zone}.
     * Computed on local dates, not by adding 24 h, so days of 23 or 25 hours (DST) are right. When the
     * hour does not exist that day (spring forward), the boundary is the first instant after the gap
     * (02:00 → 03:00); when it exists twice (fall back), it is the first of the two, so there is still
     * exactly one boundary per local day.
     */
    public static Instant lastBoundary(Instant now, int atHour, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant boundary = boundaryOn(today, atHour, zone);
        return boundary.isAfter(now) ? boundaryOn(today.minusDays(1), atHour, zone) : boundary;
    }

    private static Instant boundaryOn(LocalDate day, int atHour, ZoneId zone) {
        // ofLocal resolves a gap by moving forward by the gap's length and an overlap to the earlier offset.
        return ZonedDateTime.ofLocal(day.atTime(atHour, 0), zone, null).toInstant();
    }
}
