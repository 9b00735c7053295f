package dev.switchboard.transcript;

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

@EachStore
class TranscriptApiTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("limits.max_message_chars", 1000).set("limits.max_batch_messages", 50));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }


    static String session(String key) {
        Response r = api.post("/v1/sessions", Map.of("key", key));
        assertThat(r.status()).isIn(200, 201);
        return key;
    }

    static Map<String, Object> msg(String role, Object content) {
        return Map.of("role", role, "content", content);
    }

    @Test
    void single_append_returns_201_with_seq_id_and_instance() {
        String key = session("t-single");
        Response r = api.post("/v1/sessions/" + key + "/messages", msg("user", "hello"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode m = r.json().path("items").get(0);
        assertThat(m.path("seq").asLong()).isEqualTo(1);
        assertThat(m.path("id").asText()).hasSize(26);
        assertThat(m.path("role").asText()).isEqualTo("user");
        assertThat(m.path("content").asText()).isEqualTo("hello");
        assertThat(m.path("instance").asText()).isEqualTo(api.get("/v1/sessions/" + key).json().path("id").asText());
    }

    @Test
    void content_blocks_are_stored_exactly_as_given() {
        String key = session("t-blocks");
        var blocks = List.of(
                Map.of("type", "text", "text", "Let me look."),
                Map.of("type", "tool_use", "id", "toolu_1", "name", "bash", "input", Map.of("command", "ls -la")),
                Map.of("type", "thinking", "thinking", "hmm", "signature", "abc"));
        api.post("/v1/sessions/" + key + "/messages", Map.of("role", "assistant", "content", blocks,
                "metadata", Map.of("uuid", "line-1", "parentUuid", "line-0")));
        JsonNode m = api.get("/v1/sessions/" + key + "/messages").json().path("items").get(0);
        assertThat(m.path("content")).isEqualTo(dev.switchboard.json.Json.tree(blocks));
        assertThat(m.path("metadata").path("parentUuid").asText()).isEqualTo("line-0");
    }

    @Test
    void batch_append_assigns_contiguous_seqs_and_updates_counters_and_usage() {
        String key = session("t-batch");
        var batch = List.of(
                msg("user", "q1"),
                Map.of("role", "assistant", "content", "a1",
                        "usage", Map.of("input_tokens", 100, "output_tokens", 20, "cache_read_tokens", 5, "cost_usd", 0.25, "model", "m")),
                Map.of("role", "assistant", "content", "a2",
                        "usage", Map.of("input_tokens", 10, "output_tokens", 2, "reasoning_tokens", 7, "cost_usd", 0.5)));
        Response r = api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch));
        assertThat(r.status()).isEqualTo(201);
        assertThat(seqs(r)).containsExactly(1L, 2L, 3L);
        JsonNode s = api.get("/v1/sessions/" + key).json();
        assertThat(s.path("message_count").asLong()).isEqualTo(3);
        assertThat(s.path("version").asLong()).isEqualTo(2);
        JsonNode u = s.path("usage");
        assertThat(u.path("input_tokens").asLong()).isEqualTo(110);
        assertThat(u.path("output_tokens").asLong()).isEqualTo(22);
        assertThat(u.path("cache_read_tokens").asLong()).isEqualTo(5);
        assertThat(u.path("reasoning_tokens").asLong()).isEqualTo(7);
        assertThat(u.path("cost_usd").asDouble()).isEqualTo(0.75);
        Response next = api.post("/v1/sessions/" + key + "/messages", msg("user", "q2"));
        assertThat(seqs(next)).containsExactly(4L);
    }

    @Test
    void a_batch_with_one_bad_message_writes_nothing() {
        String key = session("t-atomic");
        Response r = api.post("/v1/sessions/" + key + "/messages", Map.of("messages", List.of(
                msg("user", "fine"), msg("robot", "bad role"), Map.of("role", "user"))));
        assertThat(r.status()).isEqualTo(422);
        var fields = new ArrayList<String>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("messages[1].role", "messages[2].content");
        assertThat(api.get("/v1/sessions/" + key + "/messages").json().path("items")).isEmpty();
        assertThat(api.get("/v1/sessions/" + key).json().path("message_count").asLong()).isZero();
    }

    @Test
    void unknown_message_fields_are_rejected_not_dropped() {
        String key = session("t-unknown");
        Response r = api.post("/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", "x", "refusal", "no"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("refusal");
    }

    @Test
    void content_over_the_limit_is_413_and_nothing_is_written() {
        String key = session("t-413");
        Response r = api.post("/v1/sessions/" + key + "/messages", Map.of("messages", List.of(
                msg("user", "ok"), msg("user", "x".repeat(1001)))));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.problem()).isEqualTo("payload-too-large");
        assertThat(r.json().path("detail").asText()).contains("messages[1]").contains("1000");
        assertThat(api.get("/v1/sessions/" + key).json().path("message_count").asLong()).isZero();
    }

    @Test
    void a_batch_over_the_limit_is_413() {
        String key = session("t-batch-413");
        var many = new ArrayList<Object>();
        for (int i = 0; i < 51; i++) many.add(msg("user", "m" + i));
        Response r = api.post("/v1/sessions/" + key + "/messages", Map.of("messages", many));
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void empty_batch_is_422() {
        String key = session("t-empty");
        assertThat(api.post("/v1/sessions/" + key + "/messages", Map.of("messages", List.of())).status()).isEqualTo(422);
    }

    @Test
    void append_to_an_ended_session_is_409_session_ended() {
        String key = session("t-ended");
        api.post("/v1/sessions/" + key + "/end", Map.of());
        Response r = api.post("/v1/sessions/" + key + "/messages", msg("user", "late"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("session-ended");
    }

    @Test
    void append_to_a_missing_session_is_404() {
        assertThat(api.post("/v1/sessions/t-nobody/messages", msg("user", "x")).status()).isEqualTo(404);
    }

    @Test
    void append_revives_idle_status_and_moves_last_seen() {
        String key = session("t-idle");
        api.post("/v1/sessions/" + key + "/heartbeat", Map.of("status", "idle"));
        api.post("/v1/sessions/" + key + "/messages", msg("user", "back"));
        assertThat(api.get("/v1/sessions/" + key).json().path("status").asText()).isEqualTo("active");
    }

    @Test
    void explicit_created_at_is_kept() {
        String key = session("t-time");
        api.post("/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", "old", "created_at", "2025-01-02T10:00:01Z"));
        JsonNode m = api.get("/v1/sessions/" + key + "/messages").json().path("items").get(0);
        assertThat(m.path("created_at").asText()).isEqualTo("2025-01-02T10:00:01.000Z");
    }

    @Test
    void list_supports_after_before_order_and_cursor() {
        String key = session("t-list");
        var batch = new ArrayList<Object>();
        for (int i = 1; i <= 30; i++) batch.add(msg("user", "m" + i));
        api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch));
        String base = "/v1/sessions/" + key + "/messages";

        assertThat(seqs(api.get(base + "?after_seq=25"))).containsExactly(26L, 27L, 28L, 29L, 30L);
        assertThat(seqs(api.get(base + "?before_seq=4"))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(api.get(base + "?after_seq=10&before_seq=14&order=desc"))).containsExactly(13L, 12L, 11L);
        assertThat(seqs(api.get(base + "?order=desc&limit=3"))).containsExactly(30L, 29L, 28L);

        var all = new ArrayList<Long>();
        String cursor = null;
        do {
            Response page = api.get(base + "?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
            all.addAll(seqs(page));
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertThat(all).hasSize(30).isSorted().doesNotHaveDuplicates();

        var desc = new ArrayList<Long>();
        cursor = null;
        do {
            Response page = api.get(base + "?order=desc&limit=8" + (cursor == null ? "" : "&cursor=" + cursor));
            desc.addAll(seqs(page));
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertThat(desc).hasSize(30).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void list_of_an_unknown_instance_is_404() {
        String key = session("t-instance");
        Response r = api.get("/v1/sessions/" + key + "/messages?instance=01JDQ4Z6M9X7V3K2H8N5T0B1C4");
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void an_instance_of_another_session_is_404() {
        String a = session("t-inst-a");
        session("t-inst-b");
        String instanceOfA = api.get("/v1/sessions/" + a).json().path("id").asText();
        assertThat(api.get("/v1/sessions/t-inst-b/messages?instance=" + instanceOfA).status()).isEqualTo(404);
    }

    static List<Long> seqs(Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        var out = new ArrayList<Long>();
        r.json().path("items").forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }
}
