package dev.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Codex rollout reader into a real server, on rollouts laid out as Codex writes them. */
@EachStore
class CodexImportTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    @TempDir Path home;

    @BeforeEachStore
    static void start() {
    }

    private ImportReport importAll(boolean complete) {
        return Imports.run(server, new CodexReader(), complete, home.resolve("sessions"));
    }

    private static final String ID = "0199a213-81c0-7800-8aa1-bbab2a035a53";

    private CodexFixture turn(String id) {
        var f = new CodexFixture(home, id);
        f.meta(null).turnContext("gpt-5-codex");
        f.message("user", "input_text", "Run the tests");
        f.reasoning("Need to run mvn");
        f.functionCall("call_1", "shell", "{\"command\":[\"mvn\",\"test\"]}");
        f.tokenCount(1000, 800, 50, 20);
        f.functionOutput("call_1", "BUILD SUCCESS");
        f.message("assistant", "output_text", "All tests pass.");
        f.agentMessageEvent("All tests pass.");
        f.tokenCount(2300, 1800, 90, 30);
        f.tokenCount(2300, 1800, 90, 30); // repeated with a rate-limit update
        return f;
    }

    @Test
    void imports_items_as_messages_with_tool_calls_and_usage_counted_once() {
        var f = turn(ID);
        f.threadName("Run the tests");
        importAll(true);

        JsonNode s = Imports.session(server, f.key());
        assertThat(s.path("agent").asText()).isEqualTo("codex");
        assertThat(s.path("title").asText()).isEqualTo("Run the tests");
        assertThat(s.path("model").asText()).isEqualTo("gpt-5-codex");
        assertThat(s.path("created_at").asText()).isEqualTo("2025-03-04T09:00:00.000Z");
        assertThat(s.path("metadata").path("source").path("cwd").asText()).isEqualTo("/home/dev/app");
        assertThat(s.path("metadata").path("source").path("git").path("branch").asText()).isEqualTo("main");
        assertThat(s.path("usage").path("input_tokens").asLong()).isEqualTo(2300);
        assertThat(s.path("usage").path("cache_read_tokens").asLong()).isEqualTo(1800);
        assertThat(s.path("usage").path("output_tokens").asLong()).isEqualTo(90);
        assertThat(s.path("usage").path("reasoning_tokens").asLong()).isEqualTo(30);

        List<JsonNode> ms = Imports.messages(server, f.key());
        assertThat(ms).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "assistant", "tool", "assistant");
        assertThat(ms.get(0).path("content").get(0).path("type").asText()).isEqualTo("input_text");
        assertThat(ms.get(1).path("content").get(0).path("type").asText()).isEqualTo("reasoning");
        assertThat(ms.get(2).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("shell");
        assertThat(ms.get(2).path("usage").path("input_tokens").asLong()).isEqualTo(1000);
        assertThat(ms.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(ms.get(3).path("content").asText()).isEqualTo("BUILD SUCCESS");
        assertThat(ms.get(4).path("usage").path("input_tokens").asLong()).isEqualTo(1300);
    }

    @Test
    void reimport_is_empty_and_a_grown_rollout_adds_only_its_new_items() {
        var f = turn("0199a213-81c0-7800-8aa1-000000000002");
        assertThat(importAll(true).imported()).isEqualTo(5);
        assertThat(importAll(true).imported()).isZero();
        f.message("user", "input_text", "And lint?");
        f.message("assistant", "output_text", "Lint is clean.");
        f.tokenCount(3000, 2000, 120, 30);
        assertThat(importAll(true).imported()).isEqualTo(2);
        assertThat(Imports.session(server, f.key()).path("usage").path("input_tokens").asLong()).isEqualTo(3000);
    }

    @Test
    void while_following_the_last_output_waits_for_its_usage_event() {
        var f = new CodexFixture(home, "0199a213-81c0-7800-8aa1-000000000003");
        f.meta(null).turnContext("gpt-5-codex").message("user", "input_text", "hi").message("assistant", "output_text", "hello");
        assertThat(importAll(false).imported()).as("the answer waits for its token_count").isEqualTo(1);
        f.tokenCount(100, 0, 5, 0);
        assertThat(importAll(false).imported()).isEqualTo(1);
        List<JsonNode> ms = Imports.messages(server, f.key());
        assertThat(ms.get(1).path("usage").path("output_tokens").asLong()).isEqualTo(5);
    }

    @Test
    void a_subagent_rollout_is_a_child_of_its_parent_thread_and_compaction_is_marked() {
        var parent = turn("0199a213-81c0-7800-8aa1-000000000004");
        var child = new CodexFixture(home, "0199a213-81c0-7800-8aa1-000000000005");
        child.meta(parent.id).message("user", "input_text", "review this").compacted("Summary of the review so far");
        importAll(true);
        JsonNode s = Imports.session(server, child.key());
        assertThat(s.path("parent_key").asText()).isEqualTo(parent.key());
        JsonNode compaction = Imports.messages(server, child.key()).get(1);
        assertThat(compaction.path("role").asText()).isEqualTo("system");
        assertThat(compaction.path("metadata").path("compaction").path("kind").asText()).isEqualTo("codex.compacted");
    }

    @Test
    void a_rewritten_rollout_is_reported_and_not_duplicated() throws IOException {
        var f = turn("0199a213-81c0-7800-8aa1-000000000006");
        importAll(true);
        List<String> lines = Files.readAllLines(f.file);
        Files.write(f.file, lines.subList(0, 3)); // truncated to its first user message
        f.message("user", "input_text", "a different question");
        ImportReport report = importAll(true);
        assertThat(report.historyChanges()).singleElement().satisfies(p -> assertThat(p.why()).contains("rewritten"));
        assertThat(report.imported()).isEqualTo(1);
        assertThat(Imports.messages(server, f.key())).hasSize(6);
    }
}
