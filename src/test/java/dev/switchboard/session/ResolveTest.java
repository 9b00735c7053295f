package dev.switchboard.session;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /v1/sessions/resolve} with reset policies from the config file: telegram DMs reset after
 * 60 idle minutes, telegram groups daily at 04:00 UTC, slack never. Time moves only by the test clock;
 * the background sweeper is parked so statuses change only when a test says so.
 */
@EachStore
class ResolveTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c
                .set("sessions.sweep_every", "1d")
                .set("policies.platforms.telegram.chat_types.dm.mode", "idle")
                .set("policies.platforms.telegram.chat_types.dm.idle_minutes", 60)
                .set("policies.platforms.telegram.chat_types.group.mode", "daily")
                .set("policies.platforms.telegram.chat_types.group.at_hour", 4)
                .set("policies.platforms.slack.mode", "none")).clock(clock);
    static RawDb db;

    @BeforeEachStore
    static void start() {
        db = server.db();
    }


    static Http api() {
        return server.admin(); // a fresh client: the port changes when a test restarts the server
    }

    static Map<String, Object> source(String platform, String chatType, String chatId) {
        return Map.of("platform", platform, "chat_type", chatType, "chat_id", chatId, "user_id", "u-" + chatId);
    }

    static JsonNode resolve(Map<String, Object> source) {
        Response r = api().post("/v1/sessions/resolve", Map.of("source", source));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void say(String key, String text) {
        Response r = api().post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", text));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** The next time of day {@code hh:mm} UTC at least an hour ahead of the clock. */
    static Instant nextUtc(int hour, int minute) {
        Instant day = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        return day.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    @Test
    void resolve_creates_once_then_returns_the_same_session() {
        JsonNode first = resolve(source("telegram", "dm", "r1"));
        assertThat(first.path("created").asBoolean()).isTrue();
        assertThat(first.path("session").path("key").asText()).isEqualTo("agent:main:telegram:dm:r1");
        assertThat(first.path("reset").path("reason").isNull()).isTrue();
        assertThat(first.path("reset").path("previous_id").isNull()).isTrue();
        JsonNode again = resolve(source("telegram", "dm", "r1"));
        assertThat(again.path("created").asBoolean()).isFalse();
        assertThat(again.path("session").path("id").asText()).isEqualTo(first.path("session").path("id").asText());
    }

    @Test
    void resolve_uses_the_agent_and_the_routing_rules() {
        JsonNode r = api().post("/v1/sessions/resolve", Map.of("agent", "coder",
                "source", Map.of("platform", "telegram", "chat_type", "group", "chat_id", -100, "user_id", 7))).json();
        assertThat(r.path("session").path("key").asText()).isEqualTo("agent:coder:telegram:group:-100:7");
        assertThat(r.path("session").path("agent").asText()).isEqualTo("coder");
    }

    @Test
    void idle_policy_starts_a_new_instance_and_keeps_the_old_transcript() {
        JsonNode created = resolve(source("telegram", "dm", "idle1")).path("session");
        String key = created.path("key").asText();
        say(key, "remember the blue door");
        clock.advance(Duration.ofMinutes(61));

        JsonNode r = resolve(source("telegram", "dm", "idle1"));
        assertThat(r.path("created").asBoolean()).isFalse();
        assertThat(r.path("reset").path("reason").asText()).isEqualTo("idle");
        assertThat(r.path("reset").path("previous_id").asText()).isEqualTo(created.path("id").asText());
        JsonNode s = r.path("session");
        assertThat(s.path("id").asText()).isNotEqualTo(created.path("id").asText());
        assertThat(s.path("message_count").asLong()).isZero();
        assertThat(s.path("status").asText()).isEqualTo("active");

        assertThat(api().get("/v1/sessions/" + seg(key) + "/messages").json().path("items")).isEmpty();
        JsonNode old = api().get("/v1/sessions/" + seg(key) + "/messages?instance=" + created.path("id").asText()).json();
        assertThat(old.path("items").get(0).path("content").asText()).isEqualTo("remember the blue door");
        assertThat(types(key)).contains("session.reset");
    }

    @Test
    void idle_policy_continues_inside_the_window() {
        String key = resolve(source("telegram", "dm", "idle2")).path("session").path("key").asText();
        say(key, "hi");
        clock.advance(Duration.ofMinutes(59));
        assertThat(resolve(source("telegram", "dm", "idle2")).path("reset").path("reason").isNull()).isTrue();
    }

    @Test
    void each_message_rearms_the_idle_window() {
        String key = resolve(source("telegram", "dm", "idle3")).path("session").path("key").asText();
        say(key, "one");
        clock.advance(Duration.ofMinutes(50));
        say(key, "two");
        clock.advance(Duration.ofMinutes(50));
        assertThat(resolve(source("telegram", "dm", "idle3")).path("reset").path("reason").isNull()).isTrue();
    }

    @Test
    void resolving_is_not_activity() {
        resolve(source("telegram", "dm", "idle4"));
        clock.advance(Duration.ofMinutes(40));
        resolve(source("telegram", "dm", "idle4"));
        clock.advance(Duration.ofMinutes(40));
        assertThat(resolve(source("telegram", "dm", "idle4")).path("reset").path("reason").asText()).isEqualTo("idle");
    }

    @Test
    void daily_policy_resets_after_the_boundary_only() {
        clock.set(nextUtc(3, 50));
        String key = resolve(source("telegram", "group", "daily1")).path("session").path("key").asText();
        say(key, "before four");
        clock.advance(Duration.ofMinutes(5));
        assertThat(resolve(source("telegram", "group", "daily1")).path("reset").path("reason").isNull()).isTrue();
        clock.advance(Duration.ofMinutes(10)); // 04:05
        JsonNode r = resolve(source("telegram", "group", "daily1"));
        assertThat(r.path("reset").path("reason").asText()).isEqualTo("daily");
        clock.advance(Duration.ofHours(20)); // 00:05 next day: same day as the new instance's start
        assertThat(resolve(source("telegram", "group", "daily1")).path("reset").path("reason").isNull()).isTrue();
    }

    @Test
    void none_policy_never_resets() {
        String key = resolve(source("slack", "dm", "none1")).path("session").path("key").asText();
        say(key, "hello");
        clock.advance(Duration.ofDays(40));
        JsonNode r = resolve(source("slack", "dm", "none1"));
        assertThat(r.path("reset").path("reason").isNull()).isTrue();
        assertThat(r.path("session").path("message_count").asLong()).isEqualTo(1);
    }

    @Test
    void no_reset_while_a_run_is_active() {
        String key = resolve(source("telegram", "dm", "run1")).path("session").path("key").asText();
        say(key, "long job");
        db.insertRun("run-resolve-1", key, "running");
        clock.advance(Duration.ofHours(3));
        assertThat(resolve(source("telegram", "dm", "run1")).path("reset").path("reason").isNull()).isTrue();
        db.setRunStatus("run-resolve-1", "succeeded");
        assertThat(resolve(source("telegram", "dm", "run1")).path("reset").path("reason").asText()).isEqualTo("idle");
    }

    @Test
    void restart_inside_the_idle_window_does_not_rearm_the_clock() {
        String key = resolve(source("telegram", "dm", "restart1")).path("session").path("key").asText();
        say(key, "before the restart");
        clock.advance(Duration.ofMinutes(40));
        server.restart();
        assertThat(resolve(source("telegram", "dm", "restart1")).path("reset").path("reason").isNull()).isTrue();
        clock.advance(Duration.ofMinutes(21)); // 61 minutes after the message, 21 after the restart
        JsonNode r = resolve(source("telegram", "dm", "restart1"));
        assertThat(r.path("reset").path("reason").asText()).isEqualTo("idle");
    }

    @Test
    void ended_session_is_revived_when_no_reset_is_due() {
        JsonNode s = resolve(source("telegram", "dm", "ended1")).path("session");
        api().post("/v1/sessions/" + seg(s.path("key").asText()) + "/end", Map.of());
        JsonNode r = resolve(source("telegram", "dm", "ended1"));
        assertThat(r.path("session").path("status").asText()).isEqualTo("active");
        assertThat(r.path("session").path("id").asText()).isEqualTo(s.path("id").asText());
        assertThat(r.path("reset").path("reason").isNull()).isTrue();
    }

    @Test
    void ended_session_gets_a_new_instance_when_a_reset_is_due() {
        JsonNode s = resolve(source("telegram", "dm", "ended2")).path("session");
        api().post("/v1/sessions/" + seg(s.path("key").asText()) + "/end", Map.of("reason", "bye"));
        clock.advance(Duration.ofMinutes(90));
        JsonNode r = resolve(source("telegram", "dm", "ended2"));
        assertThat(r.path("reset").path("reason").asText()).isEqualTo("idle");
        assertThat(r.path("session").path("status").asText()).isEqualTo("active");
        JsonNode instances = api().get("/v1/sessions/" + seg(s.path("key").asText()) + "/instances").json().path("items");
        assertThat(instances.get(1).path("end_reason").asText()).isEqualTo("bye"); // the ended one keeps its reason
    }

    @Test
    void bad_sources_are_422_naming_each_field() {
        Response r = api().post("/v1/sessions/resolve", Map.of("source",
                Map.of("platform", "Tele Gram", "chat_type", "room", "chat_id", " ")));
        assertThat(r.status()).isEqualTo(422);
        var fields = new HashSet<String>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("source.platform", "source.chat_type", "source.chat_id");
        Response missing = api().post("/v1/sessions/resolve", Map.of("agent", "main"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("errors").get(0).path("field").asText()).isEqualTo("source");
        Response groupWithoutUser = api().post("/v1/sessions/resolve", Map.of("source",
                Map.of("platform", "telegram", "chat_type", "group", "chat_id", "g")));
        assertThat(groupWithoutUser.status()).isEqualTo(422);
        assertThat(groupWithoutUser.json().path("errors").get(0).path("field").asText()).isEqualTo("source.user_id");
    }

    @Test
    void token_outside_the_channel_is_refused() {
        Http bot = server.client("slack-bot", List.of("sessions:write"), Map.of("channels", List.of("slack")));
        Response r = bot.post("/v1/sessions/resolve", Map.of("source", source("telegram", "dm", "grant1")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(bot.post("/v1/sessions/resolve", Map.of("source", source("slack", "dm", "grant1"))).status()).isEqualTo(200);
    }

    static List<String> types(String key) {
        return db.rows("SELECT type FROM events WHERE key = ? ORDER BY seq", key).stream()
                .map(row -> (String) row.get("type")).toList();
    }
}
