package dev.switchboard.session;

import static dev.switchboard.testing.Http.seg;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/sessions/heartbeat}: liveness for many sessions in one request, each beat as a single heartbeat. */
@EachStore
class HeartbeatBatchTest {
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

    static Response beat(Http who, Object... beats) {
        return who.post("/v1/sessions/heartbeat", Map.of("beats", List.of(beats)));
    }

    static JsonNode session(String key) {
        return api.get("/v1/sessions/" + seg(key)).json();
    }

    static List<JsonNode> heartbeatEvents(String key) {
        return db.rows("SELECT data FROM events WHERE key = ? AND type = 'session.heartbeat' ORDER BY seq", key).stream()
                .map(r -> Json.readStored(String.valueOf(r.get("data")))).toList();
    }

    @Test
    void a_batch_beats_every_session_in_order_as_single_heartbeats_would() {
        for (String k : List.of("batch-1", "batch-2", "batch-3")) api.post("/v1/sessions", Map.of("key", k, "title", k));
        clock.advance(Duration.ofSeconds(5));
        Instant now = clock.instant();
        Response r = beat(api, Map.of("key", "batch-2", "status", "idle"), Map.of("key", "batch-1"),
                Map.of("key", "batch-3", "status", "idle"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.findValuesAsText("key")).containsExactly("batch-2", "batch-1", "batch-3");
        assertThat(items.findValuesAsText("outcome")).containsOnly("alive");
        assertThat(items.findValuesAsText("status")).containsExactly("idle", "active", "idle");
        for (JsonNode item : items) {
            assertThat(Instant.parse(item.path("last_seen_at").asText())).isEqualTo(now);
            assertThat(item.path("version").asLong()).as("liveness keeps the version").isEqualTo(1);
            JsonNode stored = session(item.path("key").asText());
            assertThat(stored.path("status").asText()).isEqualTo(item.path("status").asText());
            assertThat(Instant.parse(stored.path("last_seen_at").asText())).isEqualTo(now);
            assertThat(stored.path("version").asLong()).isEqualTo(1);
            assertThat(stored.path("title").asText()).isEqualTo(item.path("key").asText());
            List<JsonNode> events = heartbeatEvents(item.path("key").asText());
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().path("status").asText()).isEqualTo(item.path("status").asText());
            assertThat(events.getFirst().size()).as("the compact event of a single heartbeat").isEqualTo(3);
        }
    }

    @Test
    void missing_ended_and_stale_sessions_each_say_what_became_of_them() {
        api.post("/v1/sessions", Map.of("key", "batch-stale"));
        clock.advance(Duration.ofMinutes(31));
        server.server().sweeper().sweep();
        assertThat(session("batch-stale").path("end_reason").asText()).isEqualTo("stale");
        api.post("/v1/sessions", Map.of("key", "batch-ended"));
        api.post("/v1/sessions/batch-ended/end", Map.of());
        api.post("/v1/sessions", Map.of("key", "batch-alive"));
        Response r = beat(api, Map.of("key", "batch-stale"), Map.of("key", "batch-ended"), Map.of("key", "batch-nobody"),
                Map.of("key", "batch-alive"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.findValuesAsText("outcome")).containsExactly("revived", "ended", "missing", "alive");
        assertThat(items.get(0).path("status").asText()).isEqualTo("active");
        assertThat(items.get(1).has("status")).as("nothing to report of a session not beaten").isFalse();
        assertThat(items.get(2).has("version")).isFalse();
        JsonNode revived = session("batch-stale");
        assertThat(revived.path("status").asText()).isEqualTo("active");
        assertThat(revived.path("end_reason").isNull()).isTrue();
        assertThat(db.rows("SELECT data FROM events WHERE key = ? AND type = 'session.updated'", "batch-stale").stream()
                .map(e -> Json.readStored(String.valueOf(e.get("data"))).path("revived").path("by").asText()))
                .containsOnlyOnce("heartbeat");
        assertThat(session("batch-ended").path("status").asText()).isEqualTo("ended");
        assertThat(session("batch-ended").path("end_reason").asText()).isEqualTo("client");
        assertThat(api.get("/v1/sessions/batch-nobody").status()).as("a beat creates nothing").isEqualTo(404);
    }

    @Test
    void a_bad_beat_rejects_the_whole_batch_and_writes_nothing() {
        api.post("/v1/sessions", Map.of("key", "batch-bad"));
        String before = session("batch-bad").path("last_seen_at").asText();
        clock.advance(Duration.ofSeconds(5));
        var ok = Map.of("key", "batch-bad");
        assertField(beat(api, ok, Map.of("key", "batch-bad-2", "title", "x")), "beats[1].title");
        assertField(beat(api, ok, ok), "beats[1].key");
        assertField(beat(api, ok, Map.of("status", "idle")), "beats[1].key");
        assertField(beat(api, Map.of("key", "batch-bad", "status", "ended")), "beats[0].status");
        assertField(beat(api, ok, "batch-bad"), "beats[1]");
        assertField(api.post("/v1/sessions/heartbeat", Map.of("beats", "batch-bad")), "beats");
        assertField(api.post("/v1/sessions/heartbeat", Map.of()), "beats");
        assertField(api.post("/v1/sessions/heartbeat", Map.of("beats", List.of(ok), "keys", List.of())), "keys");
        var many = new ArrayList<Object>();
        for (int i = 0; i < SessionHeartbeat.MAX_BEATS; i++) many.add(Map.of("key", "batch-many-" + i));
        assertThat(beat(api, many.toArray()).status()).as("the most a batch carries").isEqualTo(200);
        many.add(ok);
        Response tooMany = beat(api, many.toArray());
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.problem()).isEqualTo("payload-too-large");
        assertThat(session("batch-bad").path("last_seen_at").asText()).isEqualTo(before);
        assertThat(heartbeatEvents("batch-bad")).isEmpty();
    }

    @Test
    void a_token_beats_only_inside_its_grants_and_needs_sessions_write() {
        String telegram = api.post("/v1/sessions", SessionApiTest.dm("batch-grant-1")).json().path("key").asText();
        String discord = api.post("/v1/sessions", Map.of("source", Map.of("platform", "discord", "chat_type", "dm",
                "chat_id", "batch-grant-2", "user_id", "u"))).json().path("key").asText();
        String discordSeen = session(discord).path("last_seen_at").asText();
        clock.advance(Duration.ofSeconds(5));
        Http telegramOnly = server.client("batch-telegram", List.of("sessions:read", "sessions:write"),
                Map.of("channels", List.of("telegram")));
        Response r = beat(telegramOnly, Map.of("key", telegram), Map.of("key", discord));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("items").findValuesAsText("outcome")).containsExactly("alive", "missing");
        assertThat(session(discord).path("last_seen_at").asText()).as("outside the grants: untouched").isEqualTo(discordSeen);
        assertThat(heartbeatEvents(discord)).isEmpty();

        Http reader = server.client("batch-reader", List.of("sessions:read"), Map.of());
        Response denied = beat(reader, Map.of("key", telegram));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.problem()).isEqualTo("forbidden");
        assertThat(heartbeatEvents(telegram)).hasSize(1);
    }

    @Test
    void batches_beside_concurrent_changes_lose_neither_the_beats_nor_the_changes() throws Exception {
        var keys = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            keys.add("batch-race-" + i);
            api.post("/v1/sessions", Map.of("key", keys.getLast()));
        }
        Object[] beats = keys.stream().map(k -> Map.of("key", k)).toArray();
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        Response r = beat(api, beats);
                        if (r.status() != 200 || r.json().path("items").findValuesAsText("outcome").stream()
                                .anyMatch(o -> !o.equals("alive"))) failures.add(r.toString());
                    }
                });
            }
            for (String k : keys) {
                pool.submit(() -> {
                    // Each PATCH bumps the version a batch read, so beats on these sessions take the full path.
                    for (int round = 0; round < 5; round++) {
                        Response r = api.patch("/v1/sessions/" + k, Map.of("title", "t" + round));
                        if (r.status() != 200) failures.add(r.toString());
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
        for (String k : keys) {
            JsonNode s = session(k);
            assertThat(s.path("title").asText()).isEqualTo("t4");
            assertThat(s.path("version").asLong()).as("five changes, beats bump nothing").isEqualTo(6);
            assertThat(heartbeatEvents(k)).hasSize(40);
        }
    }

    static void assertField(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("errors").findValuesAsText("field")).as(r.toString()).contains(field);
    }
}
