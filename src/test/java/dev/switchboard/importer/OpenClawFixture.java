package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes OpenClaw session stores as OpenClaw lays them out (FORMATS.md §2): {@code agents/<agentId>/sessions/}
 * with {@code sessions.json} (sessionKey → SessionEntry) and one pi-coding-agent v3 transcript per session id.
 */
final class OpenClawFixture {
    final Path sessionsDir;
    final String sessionId;
    final Path file;
    private Instant clock = Instant.parse("2025-01-02T10:00:00Z");

    OpenClawFixture(Path agents, String agentId, String sessionId) {
        this.sessionsDir = agents.resolve(agentId).resolve("sessions");
        this.sessionId = sessionId;
        this.file = sessionsDir.resolve(sessionId + ".jsonl");
    }

    OpenClawFixture header(String parentSession) {
        ObjectNode h = Json.object().put("type", "session").put("version", 3).put("id", sessionId)
                .put("timestamp", clock.toString()).put("cwd", "/home/dev/.openclaw/workspace");
        if (parentSession != null) h.put("parentSession", parentSession);
        return line(h);
    }

    ObjectNode entry(String type, String id, String parent) {
        clock = clock.plusSeconds(1);
        ObjectNode e = Json.object().put("type", type).put("id", id);
        if (parent == null) e.putNull("parentId");
        else e.put("parentId", parent);
        e.put("timestamp", clock.toString());
        return e;
    }

    OpenClawFixture user(String id, String parent, String text) {
        ObjectNode e = entry("message", id, parent);
        ObjectNode m = e.putObject("message").put("role", "user");
        m.putArray("content").addObject().put("type", "text").put("text", text);
        m.put("timestamp", clock.toEpochMilli());
        return line(e);
    }

    OpenClawFixture assistantToolCall(String id, String parent, String callId) {
        ObjectNode e = entry("message", id, parent);
        ObjectNode m = e.putObject("message").put("role", "assistant");
        ArrayNode c = m.putArray("content");
        ObjectNode call = c.addObject().put("type", "toolCall").put("id", callId).put("name", "exec");
        call.putObject("arguments").put("command", "date");
        m.put("api", "anthropic-messages").put("provider", "anthropic").put("model", "claude-sonnet-4-5");
        m.putObject("usage").put("input", 600).put("output", 40).put("cacheRead", 100).put("cacheWrite", 0)
                .put("totalTokens", 740).putObject("cost").put("input", 0.0018).put("output", 0.0006).put("total", 0.0024);
        m.put("stopReason", "toolUse").put("timestamp", clock.toEpochMilli());
        return line(e);
    }

    OpenClawFixture toolResult(String id, String parent, String callId, String output) {
        ObjectNode e = entry("message", id, parent);
        ObjectNode m = e.putObject("message").put("role", "toolResult").put("toolCallId", callId).put("toolName", "exec");
        m.putArray("content").addObject().put("type", "text").put("text", output);
        m.put("isError", false).put("timestamp", clock.toEpochMilli());
        return line(e);
    }

    OpenClawFixture compaction(String id, String parent, String firstKept) {
        return line(entry("compaction", id, parent).put("summary", "User asked for the time; agent ran date.")
                .put("firstKeptEntryId", firstKept).put("tokensBefore", 182000));
    }

    OpenClawFixture line(ObjectNode n) {
        return raw(Json.write(n));
    }

    OpenClawFixture raw(String text) {
        Fixtures.appendLine(file, text);
        return this;
    }

    /** Writes {@code sessions.json} mapping each given key to a session id (the Gateway rewrites it whole). */
    static void index(Path sessionsDir, String... keyThenSessionIdThenChannel) {
        ObjectNode root = Json.object();
        for (int i = 0; i < keyThenSessionIdThenChannel.length; i += 3) {
            root.putObject(keyThenSessionIdThenChannel[i]).put("sessionId", keyThenSessionIdThenChannel[i + 1])
                    .put("updatedAt", 1735812005000L).put("sessionStartedAt", 1735812000000L).put("chatType", "direct")
                    .put("label", "demo " + i / 3).put("lastChannel", keyThenSessionIdThenChannel[i + 2])
                    .put("inputTokens", 1200).put("outputTokens", 85).put("compactionCount", 0);
        }
        try {
            Files.createDirectories(sessionsDir);
            Files.writeString(sessionsDir.resolve("sessions.json"), Json.write(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
