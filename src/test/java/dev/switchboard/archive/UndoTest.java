package dev.switchboard.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code DELETE /v1/sessions/{key}/messages?after_seq=N}: undo/retry without losing anything. */
@EachStore
class UndoTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d"));
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        db = server.db();
    }


    /** Five messages; each has 10·seq input tokens, seq output tokens and costs 0.1 USD. */
    static void five(String key) {
        api.post("/v1/sessions", Map.of("key", key));
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 1; i <= 5; i++) {
            batch.add(Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", "message " + i,
                    "usage", Map.of("input_tokens", 10 * i, "output_tokens", i, "cost_usd", 0.1)));
        }
        assertThat(api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch)).status()).isEqualTo(201);
    }

    @Test
    void undo_removes_the_tail_fixes_counters_and_continues_the_sequence() {
        five("undo-1");
        Response r = api.delete("/v1/sessions/undo-1/messages?after_seq=3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("removed").asLong()).isEqualTo(2);

        JsonNode s = api.get("/v1/sessions/undo-1").json();
        assertThat(s.path("message_count").asLong()).isEqualTo(3);
        assertThat(s.path("usage").path("input_tokens").asLong()).isEqualTo(60);
        assertThat(s.path("usage").path("output_tokens").asLong()).isEqualTo(6);
        assertThat(s.path("usage").path("cost_usd").asDouble()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-9));

        Response next = api.post("/v1/sessions/undo-1/messages", Map.of("role", "user", "content", "retry"));
        assertThat(next.json().path("items").get(0).path("seq").asLong()).isEqualTo(4);
        List<String> contents = new ArrayList<>();
        api.get("/v1/sessions/undo-1/messages").json().path("items").forEach(m -> contents.add(m.path("content").asText()));
        assertThat(contents).containsExactly("message 1", "message 2", "message 3", "retry");
    }

    @Test
    void removed_messages_are_archived_not_lost() {
        five("undo-2");
        String archiveId = api.delete("/v1/sessions/undo-2/messages?after_seq=1").json().path("archive_id").asText();
        JsonNode entry = api.get("/v1/archive/" + archiveId).json();
        assertThat(entry.path("kind").asText()).isEqualTo("messages");
        assertThat(entry.path("key").asText()).isEqualTo("undo-2");
        assertThat(entry.path("after_seq").asLong()).isEqualTo(1);
        assertThat(entry.path("message_count").asLong()).isEqualTo(4);
        assertThat(entry.path("reason").asText()).isEqualTo("undo");
        assertThat(entry.has("run_id")).isFalse();
        JsonNode archived = api.get("/v1/archive/" + archiveId + "/messages").json().path("items");
        assertThat(archived).hasSize(4);
        assertThat(archived.get(0).path("seq").asLong()).isEqualTo(2);
        assertThat(archived.get(0).path("usage").path("input_tokens").asLong()).isEqualTo(20);
    }

    @Test
    void undo_twice_over_reused_seqs_keeps_both_versions() {
        five("undo-3");
        api.delete("/v1/sessions/undo-3/messages?after_seq=4");
        api.post("/v1/sessions/undo-3/messages", Map.of("role", "user", "content", "second take"));
        api.delete("/v1/sessions/undo-3/messages?after_seq=4");
        JsonNode entries = api.get("/v1/archive?key=undo-3&kind=messages").json().path("items");
        assertThat(entries).hasSize(2);
        assertThat(db.count("SELECT count(*) FROM archive_messages WHERE seq = 5 AND instance_id IN "
                + "(SELECT instance_id FROM archive WHERE key = 'undo-3')")).isEqualTo(2);
    }

    @Test
    void undo_removes_from_search_and_emits_messages_removed() {
        api.post("/v1/sessions", Map.of("key", "undo-4"));
        api.post("/v1/sessions/undo-4/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "keep the capybara"),
                Map.of("role", "assistant", "content", "forget the axolotl"))));
        api.delete("/v1/sessions/undo-4/messages?after_seq=1");
        assertThat(api.get("/v1/search?q=axolotl").json().path("items")).isEmpty();
        assertThat(api.get("/v1/search?q=capybara").json().path("items")).hasSize(1);
        var ev = db.rows("SELECT data FROM events WHERE key = 'undo-4' AND type = 'messages.removed'");
        assertThat(ev).hasSize(1);
        assertThat((String) ev.getFirst().get("data")).contains("\"after_seq\":1").contains("\"removed\":1")
                .contains("\"reason\":\"undo\"").contains("\"key\":\"undo-4\"");
    }

    @Test
    void nothing_after_the_seq_removes_nothing_and_changes_nothing() {
        five("undo-5");
        long version = api.get("/v1/sessions/undo-5").json().path("version").asLong();
        JsonNode r = api.delete("/v1/sessions/undo-5/messages?after_seq=5").json();
        assertThat(r.path("removed").asLong()).isZero();
        assertThat(r.path("archive_id").isNull()).isTrue();
        assertThat(api.get("/v1/sessions/undo-5").json().path("version").asLong()).isEqualTo(version);
    }

    @Test
    void after_seq_is_required_and_validated() {
        five("undo-6");
        assertThat(api.delete("/v1/sessions/undo-6/messages").status()).isEqualTo(422);
        assertThat(api.delete("/v1/sessions/undo-6/messages?after_seq=-1").status()).isEqualTo(422);
        assertThat(api.delete("/v1/sessions/undo-6/messages?after_seq=x").status()).isEqualTo(422);
    }

    @Test
    void undo_needs_transcripts_write_and_an_open_session_without_a_run() {
        five("undo-7");
        Http reader = server.client("reader", List.of("transcripts:read", "sessions:write"), Map.of());
        assertThat(reader.delete("/v1/sessions/undo-7/messages?after_seq=1").status()).isEqualTo(403);
        db.insertRun("undo-run", "undo-7", "running");
        assertThat(api.delete("/v1/sessions/undo-7/messages?after_seq=1").problem()).isEqualTo("run-active");
        db.setRunStatus("undo-run", "aborted");
        api.post("/v1/sessions/undo-7/end", Map.of());
        assertThat(api.delete("/v1/sessions/undo-7/messages?after_seq=1").problem()).isEqualTo("session-ended");
    }
}
