package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.path;
import static dev.switchboard.compaction.CompactionClient.range;
import static dev.switchboard.compaction.CompactionClient.seqs;
import static dev.switchboard.compaction.CompactionClient.summarize;
import static dev.switchboard.compaction.CompactionClient.summarizer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.event.Event;
import dev.switchboard.event.EventType;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Summarizing compaction with a real process summarizer ({@code src/test/resources/agents/summarize.sh}): the
 * summary replaces the covered messages in the context, a second summary covers the first plus what came after
 * (each message once), and every failure — exit code, timeout, empty or implausibly short answer — is a failed
 * checkpoint with its error and a {@code compaction.failed} event, the context unchanged.
 */
@EachStore
class SummarizeTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.agent", "summarizer").set("compaction.timeout", "3s")
                    .set("compaction.min_summary_chars", 10));
    static CompactionClient c;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static AutoCloseable subscription;
    static Path promptFile;

    @BeforeEachStore
    static void start() throws Exception {
        c = new CompactionClient(server.admin());
        subscription = server.server().events().hub().subscribe(events::add);
        promptFile = Files.createTempFile(server.dataDir(), "prompt", ".txt");
        c.putAgent("summarizer", summarizer("echo"));
        c.putAgent("recorder", summarizer("record", promptFile.toString()));
        c.putAgent("failing", summarizer("fail"));
        c.putAgent("silent", summarizer("empty"));
        c.putAgent("terse", summarizer("short"));
        c.putAgent("stuck", summarizer("sleep", "30"));
        c.putAgent("slow", summarizer("sleep", "1"));
    }

    @AfterEachStore
    static void stop() throws Exception {
        subscription.close();
    }

    @Test
    void the_summary_replaces_the_covered_messages_in_the_context() {
        String key = c.session("sum-basic");
        c.appendTexts(key, 1, 10);
        JsonNode cp = c.summarized(key, 4, null);
        assertThat(cp.path("status").asText()).as(cp.toString()).isEqualTo("active");
        assertThat(cp.path("agent").asText()).isEqualTo("summarizer");
        assertThat(cp.path("covers").path("to_seq").asLong()).isEqualTo(6);
        String summary = cp.path("summary").path("content").asText();
        assertThat(cp.path("summary").path("role").asText()).isEqualTo("system");
        assertThat(summary).startsWith("[Summary of the conversation before message #7]").contains("[#1 user] m1", "[#6 assistant] m6")
                .doesNotContain("m7");

        JsonNode ctx = c.context(key, "");
        assertThat(ctx.path("summary").path("content").asText()).isEqualTo(summary);
        assertThat(seqs(ctx)).containsExactly(7L, 8L, 9L, 10L);
        assertThat(ctx.path("tokens").path("summary").asLong()).isPositive();
        assertThat(cp.path("tokens_after").asLong()).isEqualTo(ctx.path("tokens").path("summary").asLong()
                + ctx.path("tokens").path("messages").asLong());
        assertThat(c.api.get(path(key) + "/messages?limit=500").json().path("items")).hasSize(10);
        assertThat(events).anyMatch(e -> e.eventType() == EventType.CHECKPOINT_CREATED && e.data().contains(cp.path("id").asText()));
    }

    @Test
    void a_second_summary_covers_the_first_and_what_came_after_each_message_once() throws Exception {
        String key = c.session("sum-twice");
        c.appendTexts(key, 1, 20);
        JsonNode first = c.summarized(key, 5, null);
        c.appendTexts(key, 21, 40);
        JsonNode second = c.awaitEnd(key, c.compacted(key, summarize(5, "recorder")).path("id").asText());
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("active");
        assertThat(second.path("covers").path("from_seq").asLong()).isEqualTo(first.path("first_kept_seq").asLong()).isEqualTo(16);

        String prompt = Files.readString(promptFile);
        assertThat(prompt).contains("<previous-summary>", first.path("summary").path("content").asText(),
                "<conversation from=\"16\" to=\"35\">");
        String conversation = prompt.substring(prompt.indexOf("<conversation"));
        assertThat(lineSeqs(conversation)).as("raw messages in the second prompt").isEqualTo(range(16, 35));
        assertThat(lineSeqs(second.path("summary").path("content").asText())).as("messages the summary stands for, once each")
                .isEqualTo(range(1, 35));
        assertThat(c.checkpoint(key, first.path("id").asText()).path("status").asText()).isEqualTo("superseded");
        assertThat(seqs(c.context(key, ""))).isEqualTo(range(36, 40));
    }

    @Test
    void a_session_shows_compacting_while_the_summary_runs_and_a_second_compaction_is_409() {
        String key = c.session("sum-busy");
        c.appendTexts(key, 1, 10);
        JsonNode running = c.compacted(key, summarize(2, "slow"));
        assertThat(running.path("status").asText()).isEqualTo("running");
        JsonNode s = c.get(key);
        assertThat(s.path("status").asText()).isEqualTo("compacting");
        Response second = c.compact(key, summarize(2, "slow"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.problem()).isEqualTo("conflict");
        assertThat(c.api.post(path(key) + "/messages", Map.of("role", "user", "content", "during")).status())
                .as("the transcript stays writable").isEqualTo(201);
        JsonNode done = c.awaitEnd(key, running.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("active");
        assertThat(c.get(key).path("status").asText()).isEqualTo("active");
        assertThat(seqs(c.context(key, ""))).containsExactly(9L, 10L, 11L);
    }

    @Test
    void a_summarizer_that_exits_non_zero_fails_the_checkpoint_and_leaves_the_context_unchanged() {
        JsonNode failed = failing("sum-exit", "failing");
        assertThat(failed.path("error").asText()).contains("exit code 3", "summarizer broke: the model is unreachable");
    }

    @Test
    void a_summarizer_that_times_out_fails_the_checkpoint_and_leaves_the_context_unchanged() {
        JsonNode failed = failing("sum-timeout", "stuck");
        assertThat(failed.path("error").asText()).contains("timed out after 3 s");
    }

    @Test
    void an_empty_summary_fails_the_checkpoint_and_leaves_the_context_unchanged() {
        JsonNode failed = failing("sum-empty", "silent");
        assertThat(failed.path("error").asText()).contains("empty summary");
    }

    @Test
    void an_implausibly_short_summary_fails_the_checkpoint_and_leaves_the_context_unchanged() {
        JsonNode failed = failing("sum-short", "terse");
        assertThat(failed.path("error").asText()).contains("implausibly short", "compaction.min_summary_chars");
    }

    @Test
    void a_failed_checkpoint_is_not_restorable_and_the_next_compaction_builds_on_the_active_one() {
        String key = c.session("sum-after-failure");
        c.appendTexts(key, 1, 10);
        JsonNode ok = c.summarized(key, 6, null);
        c.appendTexts(key, 11, 14);
        JsonNode failed = c.summarized(key, 2, "failing");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(c.api.post(path(key) + "/checkpoints/" + failed.path("id").asText() + "/restore", Map.of()).status()).isEqualTo(409);
        assertThat(c.checkpoint(key, ok.path("id").asText()).path("status").asText()).isEqualTo("active");
        JsonNode next = c.summarized(key, 2, null);
        assertThat(next.path("previous_id").asText()).isEqualTo(ok.path("id").asText());
        assertThat(next.path("covers").path("from_seq").asLong()).isEqualTo(5);
    }

    /** Summarizes with {@code agent}; asserts the failure left everything as it was; returns the checkpoint. */
    private JsonNode failing(String key, String agent) {
        c.session(key);
        c.appendTexts(key, 1, 8);
        JsonNode before = c.context(key, "");
        JsonNode cp = c.summarized(key, 2, agent);
        assertThat(cp.path("status").asText()).as(cp.toString()).isEqualTo("failed");
        assertThat(cp.path("summary").isNull()).isTrue();
        assertThat(c.context(key, "")).isEqualTo(before);
        assertThat(c.get(key).path("status").asText()).isEqualTo("active");
        assertThat(events).anyMatch(e -> e.eventType() == EventType.COMPACTION_FAILED && e.data().contains(cp.path("id").asText()));
        assertThat(server.dataDir().resolve("compactions").resolve(cp.path("id").asText())).doesNotExist();
        return cp;
    }

    private static List<Long> lineSeqs(String text) {
        Matcher m = Pattern.compile("(?m)^\\[#(\\d+) ").matcher(text);
        var out = new java.util.ArrayList<Long>();
        while (m.find()) out.add(Long.parseLong(m.group(1)));
        return out;
    }
}
