package dev.switchboard.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code PUT /v1/sessions/{key}/messages?after_seq=N}: the tail after N is archived (as undo archives it) and the
 * batch appended from N + 1 in one transaction; a batch that fails changes nothing.
 */
@EachStore
class RewriteTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(c -> c.set("limits.max_message_chars", 1_000));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    static String five(String key) {
        api.post("/v1/sessions", Map.of("key", key));
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 1; i <= 5; i++) batch.add(Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", "m" + i));
        assertThat(api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch)).status()).isEqualTo(201);
        return key;
    }

    static List<String> texts(String key) {
        var out = new ArrayList<String>();
        api.get("/v1/sessions/" + key + "/messages?limit=500").json().path("items")
                .forEach(m -> out.add(m.path("seq").asLong() + ":" + m.path("content").asText()));
        return out;
    }

    @Test
    void a_rewrite_archives_the_tail_and_appends_the_batch_after_n() {
        String key = five("rewrite-ok");
        Response r = api.put("/v1/sessions/" + key + "/messages?after_seq=3", Map.of("messages", List.of(
                Map.of("role", "assistant", "content", "m4'"), Map.of("role", "user", "content", "m5'"),
                Map.of("role", "assistant", "content", "m6'"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("removed").asLong()).isEqualTo(2);
        assertThat(r.json().path("items")).hasSize(3);
        assertThat(r.json().path("items").get(0).path("seq").asLong()).isEqualTo(4);
        assertThat(texts(key)).containsExactly("1:m1", "2:m2", "3:m3", "4:m4'", "5:m5'", "6:m6'");
        JsonNode archived = api.get("/v1/archive/" + r.json().path("archive_id").asText() + "/messages").json().path("items");
        assertThat(archived).hasSize(2);
        assertThat(archived.get(0).path("content").asText()).isEqualTo("m4");
        assertThat(api.get("/v1/sessions/" + key).json().path("message_count").asLong()).isEqualTo(6);
    }

    @Test
    void a_rewrite_at_the_last_seq_only_appends() {
        String key = five("rewrite-append");
        Response r = api.put("/v1/sessions/" + key + "/messages?after_seq=5", Map.of("role", "user", "content", "m6"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("removed").asLong()).isZero();
        assertThat(r.json().path("archive_id").isNull()).isTrue();
        assertThat(texts(key)).hasSize(6).last().isEqualTo("6:m6");
    }

    @Test
    void a_batch_that_fails_validation_changes_nothing() {
        String key = five("rewrite-invalid");
        List<String> before = texts(key);
        String sessionBefore = api.get("/v1/sessions/" + key).body();
        Response invalid = api.put("/v1/sessions/" + key + "/messages?after_seq=1", Map.of("messages", List.of(
                Map.of("role", "user", "content", "fine"), Map.of("content", "no role"))));
        assertThat(invalid.status()).isEqualTo(422);
        Response tooLarge = api.put("/v1/sessions/" + key + "/messages?after_seq=1", Map.of("messages", List.of(
                Map.of("role", "user", "content", "fine"), Map.of("role", "user", "content", "x".repeat(1_001)))));
        assertThat(tooLarge.status()).isEqualTo(413);
        Response beyond = api.put("/v1/sessions/" + key + "/messages?after_seq=9", Map.of("role", "user", "content", "x"));
        assertThat(beyond.status()).isEqualTo(409);
        assertThat(api.put("/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", "x")).status()).isEqualTo(422);
        assertThat(texts(key)).isEqualTo(before);
        assertThat(api.get("/v1/sessions/" + key).body()).isEqualTo(sessionBefore);
        assertThat(api.get("/v1/archive?key=" + key).json().path("items")).isEmpty();
    }

    @Test
    void a_rewrite_is_refused_during_a_run_and_on_an_ended_session() {
        String key = five("rewrite-guards");
        api.put("/v1/agents/slow-echo-rw", Map.of("adapter", "echo", "delay_ms", 200));
        Response run = api.post("/v1/sessions/" + key + "/runs", Map.of("input", "a b c d e f g", "agent", "slow-echo-rw"));
        Response during = api.put("/v1/sessions/" + key + "/messages?after_seq=2", Map.of("role", "user", "content", "x"));
        assertThat(during.status()).isEqualTo(409);
        assertThat(during.problem()).isEqualTo("run-active");
        api.post("/v1/runs/" + run.json().path("id").asText() + "/abort", Map.of());
        api.post("/v1/sessions/" + key + "/end", Map.of());
        assertThat(api.put("/v1/sessions/" + key + "/messages?after_seq=2", Map.of("role", "user", "content", "x")).problem())
                .isEqualTo("session-ended");
    }
}
