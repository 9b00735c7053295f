package dev.switchboard.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class IdempotencyTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", "idem"));
    }


    @Test
    void retrying_an_append_with_the_same_key_returns_the_original_response_and_appends_once() {
        var body = Map.of("role", "user", "content", "only once");
        Response first = api.post("/v1/sessions/idem/messages", body, "Idempotency-Key", "append-1");
        Response retry = api.post("/v1/sessions/idem/messages", body, "Idempotency-Key", "append-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        long count = api.get("/v1/sessions/idem/messages?limit=500").json().path("items").findValuesAsText("content")
                .stream().filter("only once"::equals).count();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void each_stored_response_records_the_session_it_is_about() {
        String key = "agent:main:telegram:dm:idem-about";
        var source = Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "idem-about");
        api.post("/v1/sessions", Map.of("source", source), "Idempotency-Key", "about-create");
        api.post("/v1/sessions/resolve", Map.of("source", source), "Idempotency-Key", "about-resolve");
        api.post("/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "user", "content", "hi"), "Idempotency-Key", "about-append");
        api.post("/v1/directives", Map.of("session_key", key, "content", "c", "priority", "low", "tags", List.of("t")),
                "Idempotency-Key", "about-directive");
        api.post("/v1/directives", Map.of("target", Map.of("channel", "telegram"), "content", "c", "priority", "low",
                "tags", List.of("t")), "Idempotency-Key", "about-broadcast");
        var db = server.db();
        assertThat(db.count("SELECT count(*) FROM idempotency WHERE session_key = ? AND key IN "
                + "('about-create', 'about-resolve', 'about-append', 'about-directive')", key)).isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM idempotency WHERE key = 'about-broadcast' AND session_key IS NULL")).isEqualTo(1);
    }

    @Test
    void same_key_with_a_different_body_is_409() {
        api.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "a"), "Idempotency-Key", "append-2");
        Response r = api.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "b"), "Idempotency-Key", "append-2");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("conflict");
    }

    @Test
    void session_create_replays_201_with_its_etag_even_though_the_session_now_exists() {
        Response first = api.post("/v1/sessions", Map.of("key", "idem-create"), "Idempotency-Key", "create-1");
        Response retry = api.post("/v1/sessions", Map.of("key", "idem-create"), "Idempotency-Key", "create-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.body()).isEqualTo(first.body());
        // without the key the same request is an ordinary get-or-create
        assertThat(api.post("/v1/sessions", Map.of("key", "idem-create")).status()).isEqualTo(200);
    }

    @Test
    void keys_are_scoped_to_the_token_that_used_them() {
        Http other = server.client("idem-other", List.of("admin"), Map.of());
        api.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "mine"), "Idempotency-Key", "shared-key");
        Response r = other.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "theirs"), "Idempotency-Key", "shared-key");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void a_failed_request_is_not_recorded_so_a_corrected_retry_can_use_the_key() {
        Response bad = api.post("/v1/sessions/idem/messages", Map.of("role", "nobody", "content", "x"), "Idempotency-Key", "fix-me");
        assertThat(bad.status()).isEqualTo(422);
        Response good = api.post("/v1/sessions/idem/messages", Map.of("role", "nobody", "content", "x"), "Idempotency-Key", "fix-me");
        assertThat(good.status()).isEqualTo(422);
        Response fixed = api.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "x"), "Idempotency-Key", "fix-me");
        assertThat(fixed.status()).isEqualTo(201);
    }

    @Test
    void concurrent_retries_append_exactly_once() throws Exception {
        api.post("/v1/sessions", Map.of("key", "idem-race"));
        var body = Map.of("role", "user", "content", "raced");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new java.util.ArrayList<Future<Response>>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> api.post("/v1/sessions/idem-race/messages", body, "Idempotency-Key", "race")));
            }
            var bodies = new java.util.HashSet<String>();
            for (var f : futures) {
                assertThat(f.get().status()).isEqualTo(201);
                bodies.add(f.get().body());
            }
            assertThat(bodies).hasSize(1);
        }
        assertThat(api.get("/v1/sessions/idem-race").json().path("message_count").asLong()).isEqualTo(1);
    }

    @Test
    void an_invalid_key_is_422() {
        Response r = api.post("/v1/sessions/idem/messages", Map.of("role", "user", "content", "x"), "Idempotency-Key", "x".repeat(300));
        assertThat(r.status()).isEqualTo(422);
    }
}
