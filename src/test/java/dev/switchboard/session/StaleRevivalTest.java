package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session the sweeper ended for silence comes back with the next append, heartbeat or run (and says so in a
 * {@code session.updated} event); one ended on purpose stays ended.
 */
class StaleRevivalTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    static TestServer server;
    static Http api;
    static RawDb db;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.set("sessions.sweep_every", "1d"), clock);
        api = server.admin();
        db = new RawDb(server);
    }

    @AfterAll
    static void stop() {
        server.close();
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

    static JsonNode lastUpdatedEvent(String key) {
        var rows = db.rows("SELECT data FROM events WHERE key = ? AND type = 'session.updated' ORDER BY seq DESC LIMIT 1", key);
        return Json.readStored((String) rows.getFirst().get("data"));
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
        JsonNode event = lastUpdatedEvent("stale-append");
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
        assertThat(db.count("SELECT count(*) FROM events WHERE key = 'stale-heartbeat' AND type = 'session.updated'"
                + " AND json_extract(data, '$.revived.by') = 'heartbeat'")).isEqualTo(1);
    }

    @Test
    void a_run_revives_a_stale_session() {
        staleSession("stale-run");
        Response r = api.post("/v1/sessions/stale-run/runs", Map.of("input", "wake up"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(db.count("SELECT count(*) FROM events WHERE key = 'stale-run' AND type = 'session.updated'"
                + " AND json_extract(data, '$.revived.by') = 'run'")).isEqualTo(1);
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
