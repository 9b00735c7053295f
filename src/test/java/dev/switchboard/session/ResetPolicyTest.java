package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Each reset mode, and daily boundaries on days that are 23 or 25 hours long. */
class ResetPolicyTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void none_never_resets() {
        var p = new ResetPolicy(ResetMode.NONE, 1, 4, UTC);
        assertThat(p.due(t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))).isNull();
    }

    @Test
    void idle_resets_only_after_more_than_idle_minutes_of_silence() {
        var p = new ResetPolicy(ResetMode.IDLE, 60, 4, UTC);
        Instant last = t("2026-05-01T10:00:00Z");
        assertThat(p.due(last, t("2026-05-01T11:00:00Z"))).isNull(); // exactly 60 minutes: not more
        assertThat(p.due(last, t("2026-05-01T11:00:00.001Z"))).isEqualTo("idle");
    }

    @Test
    void idle_ignores_the_daily_boundary() {
        var p = new ResetPolicy(ResetMode.IDLE, 600, 4, UTC);
        assertThat(p.due(t("2026-05-01T03:59:00Z"), t("2026-05-01T04:01:00Z"))).isNull();
    }

    @Test
    void daily_resets_once_the_boundary_passed_since_last_activity() {
        var p = new ResetPolicy(ResetMode.DAILY, 1, 4, UTC);
        assertThat(p.due(t("2026-05-01T03:59:00Z"), t("2026-05-01T03:59:59Z"))).isNull();
        assertThat(p.due(t("2026-05-01T03:59:00Z"), t("2026-05-01T04:00:00Z"))).isEqualTo("daily");
        assertThat(p.due(t("2026-05-01T04:00:00Z"), t("2026-05-02T03:59:00Z"))).isNull(); // a long silence, same day
    }

    @Test
    void daily_boundary_is_local_time_in_the_configured_zone() {
        var p = new ResetPolicy(ResetMode.DAILY, 1, 4, BERLIN); // 04:00 CEST = 02:00Z in summer
        assertThat(p.due(t("2026-07-01T01:30:00Z"), t("2026-07-01T01:59:00Z"))).isNull();
        assertThat(p.due(t("2026-07-01T01:30:00Z"), t("2026-07-01T02:00:00Z"))).isEqualTo("daily");
    }

    @Test
    void both_reports_idle_first_then_daily() {
        var p = new ResetPolicy(ResetMode.BOTH, 30, 4, UTC);
        assertThat(p.due(t("2026-05-01T03:00:00Z"), t("2026-05-01T04:10:00Z"))).isEqualTo("idle");
        assertThat(p.due(t("2026-05-01T03:55:00Z"), t("2026-05-01T04:05:00Z"))).isEqualTo("daily");
        assertThat(p.due(t("2026-05-01T04:55:00Z"), t("2026-05-01T05:05:00Z"))).isNull();
    }

    @Test
    void spring_forward_day_with_the_boundary_hour_missing_resets_right_after_the_gap() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST (01:00Z). There is no 02:00 that day.
        assertThat(ResetPolicy.lastBoundary(t("2026-03-29T01:30:00Z"), 2, BERLIN)).isEqualTo(t("2026-03-29T01:00:00Z"));
        var p = new ResetPolicy(ResetMode.DAILY, 1, 2, BERLIN);
        assertThat(p.due(t("2026-03-29T00:59:00Z"), t("2026-03-29T00:59:59Z"))).isNull();
        assertThat(p.due(t("2026-03-29T00:59:00Z"), t("2026-03-29T01:00:00Z"))).isEqualTo("daily");
    }

    @Test
    void spring_forward_day_is_23_hours_between_boundaries() {
        // New York springs forward at 02:00 on 2026-03-08: 04:00 on the 7th is EST (09:00Z), on the 8th EDT (08:00Z).
        Instant before = ResetPolicy.lastBoundary(t("2026-03-07T12:00:00Z"), 4, NEW_YORK);
        Instant after = ResetPolicy.lastBoundary(t("2026-03-08T12:00:00Z"), 4, NEW_YORK);
        assertThat(before).isEqualTo(t("2026-03-07T09:00:00Z"));
        assertThat(after).isEqualTo(t("2026-03-08T08:00:00Z"));
        var p = new ResetPolicy(ResetMode.DAILY, 1, 4, NEW_YORK);
        // Active at 08:30Z on the 8th is after that day's boundary; a clock stepping 24 h from the 7th would reset it.
        assertThat(p.due(t("2026-03-08T08:30:00Z"), t("2026-03-08T20:00:00Z"))).isNull();
        assertThat(p.due(t("2026-03-08T07:59:00Z"), t("2026-03-08T08:00:00Z"))).isEqualTo("daily");
    }

    @Test
    void fall_back_day_has_one_boundary_at_the_first_of_the_repeated_hour() {
        // 2026-11-01 in New York: 01:00-02:00 happens twice (EDT 05:00Z-06:00Z, then EST 06:00Z-07:00Z).
        assertThat(ResetPolicy.lastBoundary(t("2026-11-01T06:30:00Z"), 1, NEW_YORK)).isEqualTo(t("2026-11-01T05:00:00Z"));
        var p = new ResetPolicy(ResetMode.DAILY, 1, 1, NEW_YORK);
        assertThat(p.due(t("2026-11-01T04:59:00Z"), t("2026-11-01T05:00:00Z"))).isEqualTo("daily");
        // Active during the first 01:30, asked during the second 01:30: no second reset that day.
        assertThat(p.due(t("2026-11-01T05:30:00Z"), t("2026-11-01T06:30:00Z"))).isNull();
    }

    @Test
    void fall_back_day_is_25_hours_between_boundaries() {
        Instant first = ResetPolicy.lastBoundary(t("2026-10-31T12:00:00Z"), 4, NEW_YORK);
        Instant second = ResetPolicy.lastBoundary(t("2026-11-01T12:00:00Z"), 4, NEW_YORK);
        assertThat(java.time.Duration.between(first, second)).isEqualTo(java.time.Duration.ofHours(25));
    }
}
