package dev.switchboard.importer;

import static dev.switchboard.importer.ClaudeCodeFixture.text;
import static dev.switchboard.importer.ClaudeCodeFixture.thinking;
import static dev.switchboard.importer.ClaudeCodeFixture.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Claude Code reader through the writer into a real server, on transcripts laid out as Claude Code writes them. */
@EachStore
class ClaudeCodeImportTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    @TempDir Path home;

    @BeforeEachStore
    static void start() {
    }

    private ImportReport importAll() {
        return Imports.run(server, new ClaudeCodeReader(), home.resolve("projects"));
    }

    /** A small session: prompt, a tool call and its result, then one answer written as two lines (thinking, text). */
    private ClaudeCodeFixture conversation(String sessionId) {
        var f = new ClaudeCodeFixture(home.resolve("projects"), sessionId);
        f.raw("{\"type\":\"file-history-snapshot\",\"messageId\":\"u1\",\"snapshot\":{\"trackedFileBackups\":{}},\"isSnapshotUpdate\":false}");
        f.user(sessionId + "-u1", null, "List the files");
        f.assistant(sessionId + "-a1", sessionId + "-u1", "msg_1", "req_1", toolUse("toolu_1", "Bash", "ls"),
                Map.of("input_tokens", 12, "output_tokens", 30, "cache_creation_input_tokens", 500, "cache_read_input_tokens", 0));
        f.toolResult(sessionId + "-u2", sessionId + "-a1", "toolu_1", "README.md\nsrc");
        f.assistant(sessionId + "-a2", sessionId + "-u2", "msg_2", "req_2", thinking("two entries"),
                Map.of("input_tokens", 8, "output_tokens", 11, "cache_read_input_tokens", 512));
        f.assistant(sessionId + "-a3", sessionId + "-a2", "msg_2", "req_2", text("Two entries: README.md and src."),
                Map.of("input_tokens", 8, "output_tokens", 11, "cache_read_input_tokens", 512));
        return f;
    }

    @Test
    void imports_the_conversation_in_order_with_blocks_as_given_and_usage_counted_once() {
        var f = conversation("s1");
        f.raw("{\"type\":\"ai-title\",\"aiTitle\":\"Listing files\",\"sessionId\":\"s1\"}");
        ImportReport report = importAll();

        JsonNode s = Imports.session(server, f.key());
        assertThat(s.path("agent").asText()).isEqualTo("claude-code");
        assertThat(s.path("channel").asText()).isEqualTo("claude-code");
        assertThat(s.path("title").asText()).isEqualTo("Listing files");
        assertThat(s.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(s.path("created_at").asText()).isEqualTo("2025-01-02T10:00:01.000Z");
        assertThat(s.path("metadata").path("source").path("cwd").asText()).isEqualTo(ClaudeCodeFixture.CWD);
        assertThat(s.path("metadata").path("source").path("git_branch").asText()).isEqualTo("main");
        assertThat(s.path("metadata").path("source").path("version").asText()).isEqualTo("1.0.80");
        // two API responses: 12 + 8 input tokens, not 12 + 8 + 8
        assertThat(s.path("usage").path("input_tokens").asLong()).isEqualTo(20);
        assertThat(s.path("usage").path("output_tokens").asLong()).isEqualTo(41);
        assertThat(s.path("usage").path("cache_write_tokens").asLong()).isEqualTo(500);
        assertThat(s.path("usage").path("cache_read_tokens").asLong()).isEqualTo(512);

        List<JsonNode> ms = Imports.messages(server, f.key());
        assertThat(ms).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "user", "assistant", "assistant");
        assertThat(Imports.sourceIds(server, f.key())).containsExactly("s1-u1", "s1-a1", "s1-u2", "s1-a2", "s1-a3");
        assertThat(ms.get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(ms.get(1).path("content").get(0).path("input").path("command").asText()).isEqualTo("ls");
        assertThat(ms.get(2).path("content").get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(ms.get(3).path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(ms.get(4).path("usage").isNull()).as("the second line of msg_2 repeats its usage").isTrue();
        assertThat(ms.get(0).path("created_at").asText()).isEqualTo("2025-01-02T10:00:01.000Z");
        assertThat(ms.get(1).path("metadata").path("source").path("parent").asText()).isEqualTo("s1-u1");
        assertThat(ms.get(1).path("metadata").path("source").path("line").asLong()).isEqualTo(3);
        assertThat(report.toJson().path("skipped_line_types").path("file-history-snapshot").asLong()).isEqualTo(1);
    }

    @Test
    void importing_again_imports_nothing_and_a_grown_file_only_its_new_lines() {
        var f = conversation("s2");
        assertThat(importAll().imported()).isEqualTo(5);
        assertThat(importAll().imported()).isZero();

        f.user("s2-u3", "s2-a3", "And the hidden ones?");
        f.assistant("s2-a4", "s2-u3", "msg_3", "req_3", text("None."), Map.of("input_tokens", 5, "output_tokens", 2));
        ImportReport grown = importAll();
        assertThat(grown.imported()).isEqualTo(2);
        assertThat(Imports.sourceIds(server, f.key())).containsExactly("s2-u1", "s2-a1", "s2-u2", "s2-a2", "s2-a3", "s2-u3", "s2-a4");
    }

    @Test
    void a_rewound_branch_is_reported_and_its_new_messages_appended_without_duplicates() {
        var f = conversation("s3");
        f.user("s3-u3", "s3-a3", "Delete README.md");
        importAll();
        // the user rewinds to before "Delete README.md" and asks something else: a sibling of s3-u3
        f.user("s3-u3b", "s3-a3", "Show README.md");
        f.assistant("s3-a4b", "s3-u3b", "msg_4", "req_4", text("# Demo"), Map.of("input_tokens", 3, "output_tokens", 2));
        ImportReport report = importAll();

        assertThat(report.historyChanges()).hasSize(1);
        assertThat(report.historyChanges().getFirst().why()).contains(f.key()).contains("rewound").contains("up to line 7").contains("continues from line 6");
        assertThat(report.imported()).isEqualTo(2);
        assertThat(Imports.sourceIds(server, f.key()))
                .containsExactly("s3-u1", "s3-a1", "s3-u2", "s3-a2", "s3-a3", "s3-u3", "s3-u3b", "s3-a4b");
        assertThat(importAll().imported()).isZero();
    }

    @Test
    void only_the_active_branch_is_imported_the_first_time() {
        var f = conversation("s4");
        f.user("s4-old", "s4-a3", "abandoned question");
        f.user("s4-new", "s4-a3", "the question that was kept");
        importAll();
        assertThat(Imports.sourceIds(server, f.key())).endsWith("s4-a3", "s4-new").doesNotContain("s4-old");
    }

    @Test
    void subagent_files_and_in_file_sidechains_become_child_sessions() {
        var f = conversation("s5");
        var sub = f.subagent("abc", "toolu_1");
        sub.user("s5-sub-u1", null, "Search the repo");
        sub.assistant("s5-sub-a1", "s5-sub-u1", "msg_s1", "req_s1", text("Found it"), Map.of("input_tokens", 40, "output_tokens", 4));
        // an older Claude Code: sidechain lines in the main file
        f.line(f.base("user", "s5-side-u1", null).put("isSidechain", true).put("agentId", "old1")
                .set("message", dev.switchboard.json.Json.object().put("role", "user").put("content", "Sidechain task")));
        importAll();

        JsonNode child = Imports.session(server, f.key() + ":agent-abc");
        assertThat(child.path("parent_key").asText()).isEqualTo(f.key());
        assertThat(child.path("usage").path("input_tokens").asLong()).isEqualTo(40);
        assertThat(child.path("metadata").path("source").path("agent_meta").path("toolUseId").asText()).isEqualTo("toolu_1");
        assertThat(Imports.sourceIds(server, f.key() + ":agent-abc")).containsExactly("s5-sub-u1", "s5-sub-a1");
        JsonNode side = Imports.session(server, f.key() + ":agent-old1");
        assertThat(side.path("parent_key").asText()).isEqualTo(f.key());
        assertThat(Imports.sourceIds(server, f.key())).doesNotContain("s5-side-u1");
    }

    @Test
    void compaction_keeps_the_history_before_it_and_is_marked_in_metadata() {
        var f = conversation("s6");
        f.compactBoundary("s6-cb", "s6-a3");
        f.compactSummary("s6-cs", "s6-cb", "The user listed the files.");
        f.user("s6-u9", "s6-cs", "Next step?");
        // an older compaction: a root in the middle of the file without logicalParentUuid
        f.user("s6-root2", null, "After an old-style compaction");
        importAll();

        List<JsonNode> ms = Imports.messages(server, f.key());
        assertThat(Imports.sourceIds(server, f.key())).containsExactly("s6-u1", "s6-a1", "s6-u2", "s6-a2", "s6-a3",
                "s6-cb", "s6-cs", "s6-u9", "s6-root2");
        JsonNode boundary = ms.get(5);
        assertThat(boundary.path("role").asText()).isEqualTo("system");
        assertThat(boundary.path("metadata").path("compaction").path("kind").asText()).isEqualTo("claude-code.compact_boundary");
        assertThat(boundary.path("metadata").path("compaction").path("preTokens").asLong()).isEqualTo(182000);
        assertThat(ms.get(6).path("metadata").path("compaction").path("kind").asText()).isEqualTo("claude-code.compact_summary");
    }

    @Test
    void malformed_lines_are_rejected_with_their_line_a_truncated_tail_waits_and_invalid_utf8_is_repaired()
            throws IOException {
        var f = new ClaudeCodeFixture(home.resolve("projects"), "s7");
        f.user("s7-u1", null, "hello");
        f.raw("{\"type\":\"user\", this is not json");
        byte[] bad = "{\"parentUuid\":\"s7-u1\",\"type\":\"user\",\"uuid\":\"s7-u2\",\"sessionId\":\"s7\",\"message\":{\"role\":\"user\",\"content\":\"caf\u00e9 X\"}}\n"
                .getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 5] = (byte) 0xff; // the 'X' becomes an invalid byte
        f.bytes(bad);
        f.bytes("{\"parentUuid\":\"s7-u2\",\"type\":\"user\",\"uuid\":\"s7-u3\",\"mess".getBytes(StandardCharsets.UTF_8));
        ImportReport report = importAll();

        assertThat(report.rejected()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("s7.jsonl");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.why()).contains("malformed JSON");
        });
        assertThat(Imports.sourceIds(server, f.key())).containsExactly("s7-u1", "s7-u2");
        assertThat(Imports.messages(server, f.key()).get(1).path("content").asText()).isEqualTo("café \uFFFD");
        assertThat(report.toJson().path("warnings").toString()).contains("s7.jsonl:3");

        // the writer finishes the last line: it is imported now, and the earlier rejection is not repeated
        f.bytes("age\":{\"role\":\"user\",\"content\":\"done\"}}\n".getBytes(StandardCharsets.UTF_8));
        ImportReport later = importAll();
        assertThat(later.imported()).isEqualTo(1);
        assertThat(later.rejected()).isEmpty();
        assertThat(Files.readString(f.file, StandardCharsets.ISO_8859_1)).endsWith("}}\n");
    }
}
