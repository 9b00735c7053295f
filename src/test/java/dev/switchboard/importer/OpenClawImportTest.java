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

/** The OpenClaw reader into a real server, on session stores laid out as OpenClaw writes them. */
@EachStore
class OpenClawImportTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    @TempDir Path home;

    @BeforeEachStore
    static void start() {
    }

    private Path agents() {
        return home.resolve(".openclaw/agents");
    }

    private ImportReport importAll() {
        return Imports.run(server, new OpenClawReader(), agents());
    }

    private OpenClawFixture timeQuestion(String agent, String sessionId) {
        var f = new OpenClawFixture(agents(), agent, sessionId);
        f.header(null);
        f.user("a1", null, "What time is it?");
        f.assistantToolCall("a2", "a1", "call_1");
        f.toolResult("a3", "a2", "call_1", "Thu Jan  2 10:00:04 UTC 2025");
        f.line(f.entry("model_change", "a4", "a3").put("provider", "anthropic").put("modelId", "claude-opus-4"));
        return f;
    }

    @Test
    void imports_a_transcript_under_its_routing_key_with_blocks_usage_and_cost() {
        var f = timeQuestion("main", "3f2a9c1e-1111-4aaa-8bbb-0123456789ab");
        OpenClawFixture.index(f.sessionsDir, "agent:main:telegram:dm:123", f.sessionId, "telegram");
        importAll();

        String key = "openclaw:main:agent:main:telegram:dm:123";
        JsonNode s = Imports.session(server, key);
        assertThat(s.path("agent").asText()).isEqualTo("main");
        assertThat(s.path("channel").asText()).isEqualTo("telegram");
        assertThat(s.path("title").asText()).isEqualTo("demo 0");
        assertThat(s.path("model").asText()).isEqualTo("claude-opus-4");
        assertThat(s.path("created_at").asText()).isEqualTo("2025-01-02T10:00:00.000Z");
        assertThat(s.path("usage").path("cost_usd").asDouble()).isEqualTo(0.0024);
        assertThat(s.path("usage").path("cache_read_tokens").asLong()).isEqualTo(100);
        List<JsonNode> ms = Imports.messages(server, key);
        assertThat(ms).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "tool");
        assertThat(ms.get(1).path("content").get(0).path("type").asText()).isEqualTo("toolCall");
        assertThat(ms.get(2).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(ms.get(2).path("name").asText()).isEqualTo("exec");
        assertThat(ms.get(1).path("metadata").path("source").path("parent").asText()).isEqualTo("a1");
        assertThat(importAll().imported()).isZero();
    }

    @Test
    void a_reset_continues_the_key_with_the_new_transcript_and_the_archive_is_not_imported_twice() throws IOException {
        var old = timeQuestion("ops", "11111111-1111-4111-8111-111111111111");
        OpenClawFixture.index(old.sessionsDir, "agent:ops:main", old.sessionId, "");
        importAll();
        // /new: the old transcript is archived, a new one starts under the same key
        Files.move(old.file, old.file.resolveSibling(old.file.getFileName() + ".reset.1735900000000"));
        var fresh = new OpenClawFixture(agents(), "ops", "22222222-2222-4222-8222-222222222222");
        fresh.header(null).user("b1", null, "Fresh start");
        OpenClawFixture.index(old.sessionsDir, "agent:ops:main", fresh.sessionId, "");
        ImportReport report = importAll();

        String key = "openclaw:ops:agent:ops:main";
        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.historyChanges()).isEmpty();
        assertThat(Imports.sourceIds(server, key)).containsExactly("a1", "a2", "a3", "b1");
        assertThat(Imports.session(server, key).path("metadata").path("source").path("session_ids"))
                .extracting(JsonNode::asText).containsExactly(old.sessionId, fresh.sessionId);
        assertThat(importAll().imported()).isZero();
    }

    @Test
    void the_active_branch_is_imported_compaction_marked_and_a_malformed_line_reported() {
        var f = timeQuestion("main", "33333333-3333-4333-8333-333333333333");
        f.user("x1", "a3", "an edit that was abandoned");
        f.compaction("c1", "a3", "a3");
        f.raw("{\"type\":\"message\",\"id\":");
        f.user("a5", "c1", "After compaction");
        ImportReport report = importAll();

        String key = "openclaw:main:" + f.sessionId;
        assertThat(Imports.sourceIds(server, key)).containsExactly("a1", "a2", "a3", "c1", "a5");
        JsonNode c = Imports.messages(server, key).get(3);
        assertThat(c.path("role").asText()).isEqualTo("system");
        assertThat(c.path("metadata").path("compaction").path("first_kept_entry_id").asText()).isEqualTo("a3");
        assertThat(report.rejected()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(8));
        assertThat(Imports.session(server, key).path("channel").asText()).isEqualTo("openclaw");
    }

    @Test
    void a_spawned_session_is_a_child_of_its_parent() {
        var parent = timeQuestion("main", "44444444-4444-4444-8444-444444444444");
        var child = new OpenClawFixture(agents(), "main", "55555555-5555-4555-8555-555555555555");
        child.header(parent.file.toString()).user("s1", null, "subtask");
        importAll();
        assertThat(Imports.session(server, "openclaw:main:" + child.sessionId).path("parent_key").asText())
                .isEqualTo("openclaw:main:" + parent.sessionId);
    }

    @Test
    void a_version_1_transcript_without_ids_is_read_in_order() {
        var f = new OpenClawFixture(agents(), "legacy", "66666666-6666-4666-8666-666666666666");
        f.raw("{\"type\":\"session\",\"id\":\"" + f.sessionId + "\",\"timestamp\":\"2024-06-01T08:00:00.000Z\",\"cwd\":\"/w\"}");
        f.raw("{\"type\":\"message\",\"timestamp\":\"2024-06-01T08:00:01.000Z\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}");
        f.raw("{\"type\":\"message\",\"timestamp\":\"2024-06-01T08:00:02.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}");
        importAll();
        assertThat(Imports.sourceIds(server, "openclaw:legacy:" + f.sessionId)).containsExactly("L2", "L3");
    }
}
