package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session the sweeper ended for silence comes back with the next append, heartbeat or run (and says so in a
 * {@code session.updated} event); one ended on purpose stays ended.
 */
@EachStore
class StaleRevivalTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d")).clock(clock);
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        db = server.db();
    }

    /** Creates the session and lets the sweeper end it as stale (30 silent minutes by default). */
    static void staleSession(String key) {
        assertThat(api.post("/v1/sessions", Map.of("key", key)).status()).isEqualTo(201);
        assertThat(api.post("/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", "before")).status())
                .isEqualTo(201);
        clock.advance(Duration.ofMinutes(31));
        server.server().sweeper().sweep();
        JsonNode s = api.get("/v1/sessions/" + key).json();
        assertThat(s.path("status").asText()).isEqualTo("ended");
        assertThat(s.path("end_reason").asText()).isEqualTo("stale");
    }

    /** The data of the session's session.updated events, oldest first, read from the log (plain SQL: any store). */
    static List<JsonNode> updatedEvents(String key) {
        return db.rows("SELECT data FROM events WHERE key = ? AND type = 'session.updated' ORDER BY seq", key).stream()
                .map(r -> Json.readStored(String.valueOf(r.get("data")))).toList();
    }

    static long revivedBy(String key, String by) {
        return updatedEvents(key).stream().filter(e -> e.path("revived").path("by").asText().equals(by)).count();
    }

    @Test
    void an_append_revives_a_stale_session_and_continues_its_transcript() {
        staleSession("stale-append");
        Response r = api.post("/v1/sessions/stale-append/messages", Map.of("role", "user", "content", "back again"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("items").get(0).path("seq").asLong()).isEqualTo(2);
        JsonNode s = api.get("/v1/sessions/stale-append").json();
        assertThat(s.path("status").asText()).isEqualTo("active");
        assertThat(s.path("end_reason").isNull()).isTrue();
        assertThat(s.path("message_count").asLong()).isEqualTo(2);
        JsonNode event = updatedEvents("stale-append").getLast();
        assertThat(event.path("revived").path("from").asText()).isEqualTo("stale");
        assertThat(event.path("revived").path("by").asText()).isEqualTo("message");
        assertThat(event.path("status").asText()).isEqualTo("active");
    }

    @Test
    void a_heartbeat_revives_a_stale_session() {
        staleSession("stale-heartbeat");
        Response r = api.post("/v1/sessions/stale-heartbeat/heartbeat", Map.of("title", "still here"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("active");
        assertThat(r.json().path("title").asText()).isEqualTo("still here");
        assertThat(revivedBy("stale-heartbeat", "heartbeat")).isEqualTo(1);
    }

    @Test
    void a_run_revives_a_stale_session() {
        staleSession("stale-run");
        Response r = api.post("/v1/sessions/stale-run/runs", Map.of("input", "wake up"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(revivedBy("stale-run", "run")).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/runs/" + r.json().path("id").asText()).json().path("status").asText().equals("succeeded"));
    }

    @Test
    void a_session_ended_on_purpose_stays_ended() {
        assertThat(api.post("/v1/sessions", Map.of("key", "ended-by-client")).status()).isEqualTo(201);
        assertThat(api.post("/v1/sessions/ended-by-client/end", Map.of()).status()).isEqualTo(200);
        for (Response r : List.of(
                api.post("/v1/sessions/ended-by-client/messages", Map.of("role", "user", "content", "hello?")),
                api.post("/v1/sessions/ended-by-client/heartbeat", Map.of()),
                api.post("/v1/sessions/ended-by-client/runs", Map.of("input", "hello?")))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.problem()).isEqualTo("session-ended");
        }
        assertThat(api.get("/v1/sessions/ended-by-client").json().path("end_reason").asText()).isEqualTo("client");
    }
}
