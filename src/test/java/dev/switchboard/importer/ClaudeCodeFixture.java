package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes Claude Code transcripts the way Claude Code lays them out (FORMATS.md §1): one JSONL file per session
 * under {@code projects/<encoded-cwd>/}, lines with {@code uuid}/{@code parentUuid}, subagent files under
 * {@code <sessionId>/subagents/}. Each call appends one line to the file, like the real writer.
 */
final class ClaudeCodeFixture {
    static final String CWD = "/home/dev/demo";
    final Path projects;
    final Path projectDir;
    final String sessionId;
    final Path file;
    private Instant clock = Instant.parse("2025-01-02T10:00:00Z");
    private String agentId;

    ClaudeCodeFixture(Path projects, String sessionId) {
        this(projects, sessionId, projects.resolve("-home-dev-demo").resolve(sessionId + ".jsonl"));
    }

    private ClaudeCodeFixture(Path projects, String sessionId, Path file) {
        this.projects = projects;
        this.projectDir = projects.resolve("-home-dev-demo");
        this.sessionId = sessionId;
        this.file = file;
    }

    /** A subagent transcript of this session ({@code <sessionId>/subagents/agent-<id>.jsonl}) with its sidecar. */
    ClaudeCodeFixture subagent(String id, String toolUseId) {
        Path f = projectDir.resolve(sessionId).resolve("subagents").resolve("agent-" + id + ".jsonl");
        Fixtures.appendLine(f.resolveSibling("agent-" + id + ".meta.json"), "{\"toolUseId\":\"" + toolUseId + "\"}");
        var sub = new ClaudeCodeFixture(projects, sessionId, f);
        sub.agentId = id;
        return sub;
    }

    static String key(String sessionId) {
        return "claude-code:-home-dev-demo:" + sessionId;
    }

    String key() {
        return key(sessionId);
    }

    ObjectNode base(String type, String uuid, String parent) {
        clock = clock.plusSeconds(1);
        ObjectNode n = Json.object();
        if (parent == null) n.putNull("parentUuid");
        else n.put("parentUuid", parent);
        n.put("isSidechain", agentId != null);
        n.put("userType", "external");
        n.put("cwd", CWD);
        n.put("sessionId", sessionId);
        n.put("version", "1.0.80");
        n.put("gitBranch", "main");
        if (agentId != null) n.put("agentId", agentId);
        n.put("type", type);
        n.put("uuid", uuid);
        n.put("timestamp", clock.toString());
        return n;
    }

    ClaudeCodeFixture user(String uuid, String parent, String text) {
        ObjectNode n = base("user", uuid, parent);
        n.putObject("message").put("role", "user").put("content", text);
        return line(n);
    }

    ClaudeCodeFixture toolResult(String uuid, String parent, String toolUseId, String output) {
        ObjectNode n = base("user", uuid, parent);
        ArrayNode content = n.putObject("message").put("role", "user").putArray("content");
        content.addObject().put("type", "tool_result").put("tool_use_id", toolUseId).put("content", output).put("is_error", false);
        n.putObject("toolUseResult").put("stdout", output).put("stderr", "").put("interrupted", false);
        return line(n);
    }

    /** One line of an API response (Claude Code writes a line per content block, repeating id and usage). */
    ClaudeCodeFixture assistant(String uuid, String parent, String msgId, String requestId, ObjectNode block,
                                Map<String, Integer> usage) {
        ObjectNode n = base("assistant", uuid, parent);
        n.put("requestId", requestId);
        ObjectNode m = n.putObject("message");
        m.put("id", msgId).put("type", "message").put("role", "assistant").put("model", "claude-sonnet-4-20250514");
        m.putArray("content").add(block);
        m.put("stop_reason", "end_turn").putNull("stop_sequence");
        ObjectNode u = m.putObject("usage");
        usage.forEach(u::put);
        return line(n);
    }

    static ObjectNode text(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    static ObjectNode toolUse(String id, String name, String command) {
        ObjectNode b = Json.object().put("type", "tool_use").put("id", id).put("name", name);
        b.putObject("input").put("command", command);
        return b;
    }

    static ObjectNode thinking(String text) {
        return Json.object().put("type", "thinking").put("thinking", text).put("signature", "sig");
    }

    ClaudeCodeFixture compactBoundary(String uuid, String logicalParent) {
        ObjectNode n = base("system", uuid, null);
        n.put("logicalParentUuid", logicalParent);
        n.put("subtype", "compact_boundary").put("content", "Conversation compacted").put("level", "info");
        n.putObject("compactMetadata").put("trigger", "auto").put("preTokens", 182000);
        return line(n);
    }

    ClaudeCodeFixture compactSummary(String uuid, String parent, String summary) {
        ObjectNode n = base("user", uuid, parent);
        n.put("isCompactSummary", true);
        n.putObject("message").put("role", "user").put("content", summary);
        return line(n);
    }

    ClaudeCodeFixture raw(String text) {
        Fixtures.appendLine(file, text);
        return this;
    }

    ClaudeCodeFixture bytes(byte[] bytes) {
        Fixtures.appendBytes(file, bytes);
        return this;
    }

    ClaudeCodeFixture line(ObjectNode n) {
        return raw(Json.write(n));
    }
}
