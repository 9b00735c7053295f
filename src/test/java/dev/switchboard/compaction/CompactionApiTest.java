package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.path;
import static dev.switchboard.compaction.CompactionClient.range;
import static dev.switchboard.compaction.CompactionClient.seqs;
import static dev.switchboard.compaction.CompactionClient.truncate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.event.Event;
import dev.switchboard.event.EventType;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Truncating compaction against the real server: what the context keeps, the guards, the turn-boundary rule,
 * restore, branch, and what undo does to checkpoints. The raw transcript never changes.
 */
@EachStore
class CompactionApiTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.min_messages", 2));
    static CompactionClient c;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static AutoCloseable subscription;

    @BeforeEachStore
    static void start() {
        c = new CompactionClient(server.admin());
        events.clear(); // the keys repeat in each store's run: an event of the previous run must not be taken for this one's
        subscription = server.server().events().hub().subscribe(events::add);
    }

    @AfterEachStore
    static void stop() throws Exception {
        subscription.close();
    }

    @Test
    void truncate_keeps_the_last_messages_in_the_context_and_every_message_in_the_transcript() {
        String key = c.session("trunc-basic");
        c.appendTexts(key, 1, 10);
        JsonNode before = c.context(key, "");
        JsonNode cp = c.compacted(key, truncate(3));

        assertThat(cp.path("status").asText()).isEqualTo("active");
        assertThat(cp.path("strategy").asText()).isEqualTo("truncate");
        assertThat(cp.path("first_kept_seq").asLong()).isEqualTo(8);
        assertThat(cp.path("covers").path("from_seq").asLong()).isEqualTo(1);
        assertThat(cp.path("covers").path("to_seq").asLong()).isEqualTo(7);
        assertThat(cp.path("summary").isNull()).isTrue();
        assertThat(cp.path("tokens_before").asLong()).isEqualTo(before.path("tokens").path("total").asLong());
        assertThat(cp.path("tokens_after").asLong()).isLessThan(cp.path("tokens_before").asLong()).isPositive();
        assertThat(cp.path("trigger").asText()).isEqualTo("manual");

        JsonNode ctx = c.context(key, "");
        assertThat(seqs(ctx)).containsExactly(8L, 9L, 10L);
        assertThat(ctx.path("checkpoint_id").asText()).isEqualTo(cp.path("id").asText());
        assertThat(ctx.path("summary").isNull()).isTrue();
        assertThat(ctx.path("omitted").isNull()).isTrue();
        assertThat(c.api.get(path(key) + "/messages?limit=500").json().path("items")).hasSize(10);
        assertThat(events).anyMatch(e -> e.eventType() == EventType.CHECKPOINT_CREATED && key.equals(e.key()));
    }

    @Test
    void a_second_compaction_covers_only_what_came_after_the_first() {
        String key = c.session("trunc-twice");
        c.appendTexts(key, 1, 10);
        JsonNode first = c.compacted(key, truncate(4));
        c.appendTexts(key, 11, 20);
        JsonNode second = c.compacted(key, truncate(4));
        assertThat(second.path("covers").path("from_seq").asLong()).isEqualTo(first.path("first_kept_seq").asLong()).isEqualTo(7);
        assertThat(second.path("covers").path("to_seq").asLong()).isEqualTo(16);
        assertThat(second.path("previous_id").asText()).isEqualTo(first.path("id").asText());
        assertThat(c.checkpoint(key, first.path("id").asText()).path("status").asText()).isEqualTo("superseded");
        assertThat(seqs(c.context(key, ""))).containsExactly(17L, 18L, 19L, 20L);
        var listed = c.api.get(path(key) + "/checkpoints").json().path("items");
        assertThat(listed.get(0).path("id").asText()).isEqualTo(second.path("id").asText());
        assertThat(listed.get(1).path("id").asText()).isEqualTo(first.path("id").asText());
    }

    @Test
    void nothing_new_or_too_little_to_cover_is_409_nothing_to_compact() {
        String key = c.session("trunc-nothing");
        c.appendTexts(key, 1, 3);
        Response tooFew = c.compact(key, truncate(2)); // would cover 1 message; min_messages is 2
        assertThat(tooFew.status()).isEqualTo(409);
        assertThat(tooFew.problem()).isEqualTo("nothing-to-compact");
        c.appendTexts(key, 4, 6);
        c.compacted(key, truncate(2));
        Response again = c.compact(key, truncate(2));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("nothing-to-compact");
        assertThat(again.json().path("detail").asText()).contains("nothing new");
        assertThat(c.api.get(path(key) + "/checkpoints").json().path("items")).hasSize(1);
    }

    @Test
    void the_kept_tail_never_starts_between_a_tool_call_and_its_result() {
        String key = c.session("trunc-tools");
        c.appendTexts(key, 1, 4);
        c.append(key, List.of(
                Map.of("role", "assistant", "content", List.of(Map.of("type", "tool_use", "id", "t1", "name", "ls", "input", Map.of()),
                        Map.of("type", "tool_use", "id", "t2", "name", "pwd", "input", Map.of()))),
                Map.of("role", "user", "content", List.of(Map.of("type", "tool_result", "tool_use_id", "t1", "content", "a b"))),
                Map.of("role", "tool", "tool_call_id", "t2", "content", "/home"),
                Map.of("role", "assistant", "content", "done")));
        // keep_last 2 would start at seq 7 (a tool result): the tail moves back to the call at seq 5.
        JsonNode cp = c.compacted(key, truncate(2));
        assertThat(cp.path("first_kept_seq").asLong()).isEqualTo(5);
        assertThat(seqs(c.context(key, ""))).containsExactly(5L, 6L, 7L, 8L);
    }

    @Test
    void compaction_is_refused_while_a_run_is_active_and_on_an_ended_session() {
        String key = c.session("trunc-guards");
        c.appendTexts(key, 1, 6);
        c.putAgent("slow-echo-cp", Map.of("adapter", "echo", "delay_ms", 200));
        Response run = c.api.post(path(key) + "/runs", Map.of("input", "a b c d e f g h i j", "agent", "slow-echo-cp"));
        assertThat(run.status()).isEqualTo(202);
        Response busy = c.compact(key, truncate(2));
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.problem()).isEqualTo("run-active");
        c.api.post("/v1/runs/" + run.json().path("id").asText() + "/abort", Map.of());

        c.api.post(path(key) + "/end", Map.of());
        Response ended = c.compact(key, truncate(2));
        assertThat(ended.status()).isEqualTo(409);
        assertThat(ended.problem()).isEqualTo("session-ended");
    }

    @Test
    void bad_requests_are_422_and_summarize_without_a_summarizer_names_the_config_key() {
        String key = c.session("trunc-422");
        c.appendTexts(key, 1, 6);
        assertThat(c.compact(key, Map.of()).json().path("errors").get(0).path("field").asText()).isEqualTo("strategy");
        assertThat(c.compact(key, Map.of("strategy", "shrink")).status()).isEqualTo(422);
        assertThat(c.compact(key, Map.of("strategy", "truncate", "keep_last", -1)).status()).isEqualTo(422);
        assertThat(c.compact(key, Map.of("strategy", "truncate", "colour", "red")).status()).isEqualTo(422);
        Response none = c.compact(key, Map.of("strategy", "summarize"));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().path("detail").asText()).contains("compaction.agent");
        Response unknown = c.compact(key, Map.of("strategy", "summarize", "agent", "nobody"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(c.api.get(path(key) + "/checkpoints").json().path("items")).isEmpty();
    }

    @Test
    void restore_makes_the_context_as_before_and_reverts_that_checkpoint_and_later_ones() {
        String key = c.session("trunc-restore");
        c.appendTexts(key, 1, 10);
        JsonNode first = c.compacted(key, truncate(6));
        c.appendTexts(key, 11, 16);
        JsonNode second = c.compacted(key, truncate(3));

        Response r = c.api.post(path(key) + "/checkpoints/" + second.path("id").asText() + "/restore", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("reverted");
        assertThat(c.checkpoint(key, first.path("id").asText()).path("status").asText()).isEqualTo("active");
        assertThat(seqs(c.context(key, ""))).isEqualTo(range(5, 16));
        Event restored = events.stream().filter(e -> e.eventType() == EventType.CHECKPOINT_RESTORED && key.equals(e.key()))
                .findFirst().orElseThrow();
        assertThat(restored.data()).contains("\"active_checkpoint_id\":\"" + first.path("id").asText() + "\"");

        c.api.post(path(key) + "/checkpoints/" + first.path("id").asText() + "/restore", Map.of());
        assertThat(c.checkpoint(key, first.path("id").asText()).path("status").asText()).isEqualTo("reverted");
        JsonNode whole = c.context(key, "");
        assertThat(seqs(whole)).isEqualTo(range(1, 16));
        assertThat(whole.path("checkpoint_id").isNull()).isTrue();
    }

    @Test
    void restoring_a_missing_checkpoint_or_one_of_another_session_is_404() {
        String key = c.session("trunc-restore-missing");
        c.appendTexts(key, 1, 4);
        assertThat(c.api.post(path(key) + "/checkpoints/01JDQ4Z6M9X7V3K2H8N5T0B1C4/restore", Map.of()).status()).isEqualTo(404);
        String other = c.session("trunc-restore-other");
        c.appendTexts(other, 1, 6);
        String id = c.compacted(other, truncate(2)).path("id").asText();
        assertThat(c.api.post(path(key) + "/checkpoints/" + id + "/restore", Map.of()).status())
                .as("a checkpoint of another session").isEqualTo(404);
    }

    @Test
    void branch_starts_a_new_session_from_the_kept_messages() {
        String key = c.session("trunc-branch", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "77"));
        c.appendTexts(key, 1, 8);
        JsonNode cp = c.compacted(key, truncate(3));
        c.appendTexts(key, 9, 9);
        Response r = c.api.post(path(key) + "/checkpoints/" + cp.path("id").asText() + "/branch", Map.of("key", "trunc-branch-2"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode s = r.json();
        assertThat(s.path("key").asText()).isEqualTo("trunc-branch-2");
        assertThat(s.path("parent_key").asText()).isEqualTo(key);
        assertThat(s.path("source").path("chat_id").asText()).isEqualTo("77");
        JsonNode from = s.path("metadata").path("branched_from");
        assertThat(from.path("key").asText()).isEqualTo(key);
        assertThat(from.path("checkpoint").asText()).isEqualTo(cp.path("id").asText());
        assertThat(from.path("instance").asText()).isEqualTo(cp.path("instance").asText());
        assertThat(from.path("seq").asLong()).isEqualTo(8);
        var copied = c.api.get(path("trunc-branch-2") + "/messages").json().path("items");
        assertThat(copied).hasSize(3);
        assertThat(copied.get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(copied.get(0).path("content").asText()).isEqualTo("m6");
        assertThat(copied.get(0).path("metadata").path("copied_from").path("seq").asLong()).isEqualTo(6);
        assertThat(c.api.post(path(key) + "/checkpoints/" + cp.path("id").asText() + "/branch", Map.of("key", "trunc-branch-2"))
                .status()).as("the key exists").isEqualTo(409);
        Response generated = c.api.post(path(key) + "/checkpoints/" + cp.path("id").asText() + "/branch", null);
        assertThat(generated.json().path("key").asText()).startsWith(key + ":branch:");
    }

    @Test
    void undo_into_the_covered_messages_makes_the_checkpoint_stale_and_the_earlier_one_active_again() {
        String key = c.session("trunc-stale");
        c.appendTexts(key, 1, 10);
        JsonNode first = c.compacted(key, truncate(6));
        c.appendTexts(key, 11, 16);
        JsonNode second = c.compacted(key, truncate(3));
        assertThat(second.path("covers").path("to_seq").asLong()).isEqualTo(13);

        // Removing 15..16 touches only what the second one kept: it stays active.
        Response kept = c.api.delete(path(key) + "/messages?after_seq=14");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(c.checkpoint(key, second.path("id").asText()).path("status").asText()).isEqualTo("active");
        assertThat(seqs(c.context(key, ""))).containsExactly(14L);

        // Removing 12..14 removes messages the second covers: stale; the first (covering 1..4) is active again.
        c.api.delete(path(key) + "/messages?after_seq=11");
        assertThat(c.checkpoint(key, second.path("id").asText()).path("status").asText()).isEqualTo("stale");
        assertThat(c.checkpoint(key, first.path("id").asText()).path("status").asText()).isEqualTo("active");
        assertThat(seqs(c.context(key, ""))).isEqualTo(range(5, 11));
        Event removed = events.stream().filter(e -> e.eventType() == EventType.MESSAGES_REMOVED && key.equals(e.key()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(removed.data()).contains("\"stale_checkpoints\":[\"" + second.path("id").asText() + "\"]");
        assertThat(c.api.post(path(key) + "/checkpoints/" + second.path("id").asText() + "/restore", Map.of()).status())
                .as("a stale checkpoint is not restored").isEqualTo(409);
    }

    @Test
    void a_checkpoint_lists_its_covered_messages_on_request() {
        String key = c.session("trunc-include");
        c.appendTexts(key, 1, 8);
        String id = c.compacted(key, truncate(3)).path("id").asText();
        JsonNode plain = c.checkpoint(key, id);
        assertThat(plain.has("messages")).isFalse();
        JsonNode with = c.api.get(path(key) + "/checkpoints/" + id + "?include=messages&limit=3").json();
        assertThat(with.path("messages").path("items")).hasSize(3);
        assertThat(with.path("messages").path("items").get(0).path("seq").asLong()).isEqualTo(1);
        String cursor = with.path("messages").path("next_cursor").asText();
        JsonNode next = c.api.get(path(key) + "/checkpoints/" + id + "?include=messages&limit=3&cursor=" + cursor).json();
        assertThat(next.path("messages").path("items").get(0).path("seq").asLong()).isEqualTo(4);
        JsonNode last = c.api.get(path(key) + "/checkpoints/" + id + "?include=messages&limit=10").json();
        assertThat(last.path("messages").path("items")).hasSize(5); // covers 1..5 only
    }
}
