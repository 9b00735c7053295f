package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.time.Instant;

/**
 * Maps OpenClaw transcript entries to messages (docs/import.md, "OpenClaw"): pi-ai {@code AgentMessage}s keep
 * their content blocks as given ({@code text}, {@code thinking}, {@code toolCall}, {@code image});
 * {@code toolResult} messages become {@code tool} messages; compactions and branch summaries become system
 * messages marked in {@code metadata}.
 */
final class OpenClawMessages {
    private OpenClawMessages() {}

    static SourceMessage map(ObjectNode entry, String key, SourceRef ref) {
        String type = entry.path("type").asText();
        Instant at = Sources.time(entry.path("timestamp"));
        ObjectNode meta = Json.object();
        return switch (type) {
            case "message" -> message(entry.path("message"), key, ref, at, meta);
            case "compaction" -> {
                ObjectNode c = meta.putObject("compaction").put("kind", "openclaw.compaction");
                copy(entry, "firstKeptEntryId", c, "first_kept_entry_id");
                copy(entry, "tokensBefore", c, "tokens_before");
                copy(entry, "fromHook", c, "from_hook");
                yield new SourceMessage(key, ref, "system", text(entry.path("summary")), null, null, null, null, at, meta);
            }
            case "branch_summary" -> {
                ObjectNode c = meta.putObject("branch_summary");
                copy(entry, "fromId", c, "from_id");
                yield new SourceMessage(key, ref, "system", text(entry.path("summary")), null, null, null, null, at, meta);
            }
            default -> { // custom_message: extension text that enters the model's context as a user message
                copy(entry, "customType", meta, "custom_type");
                copy(entry, "display", meta, "display");
                yield new SourceMessage(key, ref, "user", content(entry.get("content")), null, null, null, null, at, meta);
            }
        };
    }

    private static SourceMessage message(JsonNode m, String key, SourceRef ref, Instant entryTime, ObjectNode meta) {
        String role = m.path("role").asText("user");
        Instant at = entryTime != null ? entryTime : Sources.epochMillis(m.path("timestamp"));
        switch (role) {
            case "assistant" -> {
                copy(m, "provider", meta, "provider");
                copy(m, "api", meta, "api");
                copy(m, "stopReason", meta, "stop_reason");
                copy(m, "errorMessage", meta, "error_message");
                return new SourceMessage(key, ref, "assistant", content(m.get("content")), null, null, null,
                        usage(m.path("usage"), m.path("model").asText(null)), at, meta);
            }
            case "toolResult" -> {
                copy(m, "isError", meta, "is_error");
                if (m.has("details") && TargetJson.size(m.get("details")) <= 8192) meta.set("details", m.get("details"));
                return new SourceMessage(key, ref, "tool", content(m.get("content")), m.path("toolName").asText(null),
                        m.path("toolCallId").asText(null), null, null, at, meta);
            }
            case "user" -> {
                return new SourceMessage(key, ref, "user", content(m.get("content")), null, null, null, null, at, meta);
            }
            default -> { // bashExecution, custom and later roles: kept as user input, with the role said
                meta.put("openclaw_role", role);
                JsonNode c = m.has("content") ? m.get("content") : Json.MAPPER.getNodeFactory().textNode(Json.write(m));
                return new SourceMessage(key, ref, "user", content(c), null, null, null, null, at, meta);
            }
        }
    }

    /** pi-ai usage (with its precomputed cost) → Switchboard usage. */
    static ObjectNode usage(JsonNode u, String model) {
        if (!u.isObject()) return null;
        ObjectNode out = Json.object();
        ClaudeCodeMessages.copyCount(u, "input", out, "input_tokens");
        ClaudeCodeMessages.copyCount(u, "output", out, "output_tokens");
        ClaudeCodeMessages.copyCount(u, "cacheRead", out, "cache_read_tokens");
        ClaudeCodeMessages.copyCount(u, "cacheWrite", out, "cache_write_tokens");
        ClaudeCodeMessages.copyCount(u, "reasoning", out, "reasoning_tokens");
        JsonNode cost = u.path("cost").path("total");
        if (cost.isNumber() && cost.doubleValue() >= 0) out.put("cost_usd", cost.doubleValue());
        if (model != null && !model.isBlank()) out.put("model", model);
        return out;
    }

    private static JsonNode content(JsonNode c) {
        return c == null || c.isNull() ? Json.MAPPER.getNodeFactory().textNode("") : c.isTextual() || c.isArray() ? c
                : Json.MAPPER.getNodeFactory().textNode(Json.write(c));
    }

    private static JsonNode text(JsonNode v) {
        return v.isTextual() ? v : Json.MAPPER.getNodeFactory().textNode("");
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) to.set(as, v);
    }
}
