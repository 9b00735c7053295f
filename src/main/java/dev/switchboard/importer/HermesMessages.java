package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.time.Instant;
import java.util.Set;

/**
 * Maps hermes messages (state.db rows and legacy JSONL lines, both OpenAI-chat shaped) to messages
 * (docs/import.md, "hermes"): {@code content} text, {@code tool_calls} as given, {@code tool} rows with their
 * {@code tool_call_id}; a separate {@code reasoning} becomes a {@code thinking} block before the text, so the
 * message keeps both in Switchboard's block model.
 */
final class HermesMessages {
    static final Set<String> ROLES = Set.of("user", "assistant", "tool", "system");
    /** Columns with a place in the mapping; others that are set and small go to {@code metadata}. */
    private static final Set<String> MAPPED = Set.of("id", "session_id", "role", "content", "tool_call_id", "tool_calls",
            "tool_name", "timestamp", "reasoning", "reasoning_content", "active", "compacted", "_compressed_summary",
            "display_identity", "display_order", "api_content", "reasoning_details", "codex_reasoning_items",
            "codex_message_items");
    private static final int MAX_META_VALUE = 2048;

    private HermesMessages() {}

    /** A message, or null when the row is no message ({@code session_meta} rows, unknown roles). */
    static SourceMessage map(JsonNode row, String key, SourceRef ref, Instant at) {
        String role = HermesLineage.text(row, "role");
        if (role == null || !ROLES.contains(role)) return null;
        ObjectNode meta = Json.object();
        String text = row.path("content").isNull() ? null : row.path("content").asText(null);
        String reasoning = HermesLineage.text(row, "reasoning") != null ? HermesLineage.text(row, "reasoning")
                : HermesLineage.text(row, "reasoning_content");
        JsonNode content;
        if (reasoning != null) {
            ArrayNode blocks = Json.MAPPER.createArrayNode();
            blocks.addObject().put("type", "thinking").put("thinking", reasoning);
            if (text != null && !text.isEmpty()) blocks.addObject().put("type", "text").put("text", text);
            content = blocks;
        } else {
            content = Json.MAPPER.getNodeFactory().textNode(text == null ? "" : text);
        }
        JsonNode toolCalls = toolCalls(row.get("tool_calls"), meta);
        if (row.path("compacted").asInt(0) == 1) meta.put("compacted", true);
        if (row.path("_compressed_summary").asInt(0) == 1) {
            meta.set("compaction", Json.object().put("kind", "hermes.compression_summary"));
        }
        row.properties().forEach(e -> {
            if (MAPPED.contains(e.getKey()) || e.getValue().isNull()) return;
            if (e.getValue().asText().length() <= MAX_META_VALUE) meta.set(e.getKey(), e.getValue());
        });
        if (toolCalls != null && text == null && reasoning == null) content = null;
        return new SourceMessage(key, ref, role, content, HermesLineage.text(row, "tool_name"),
                HermesLineage.text(row, "tool_call_id"), toolCalls, null, at, meta);
    }

    /** hermes stores tool calls as JSON text (state.db) or an array (JSONL). */
    private static JsonNode toolCalls(JsonNode v, ObjectNode meta) {
        if (v == null || v.isNull()) return null;
        if (v.isArray()) return v.isEmpty() ? null : v;
        try {
            JsonNode parsed = Json.MAPPER.readTree(v.asText());
            if (parsed != null && parsed.isArray()) return parsed.isEmpty() ? null : parsed;
        } catch (java.io.IOException ignored) {
            // kept as text below
        }
        meta.put("tool_calls_unparsed", v.asText());
        return null;
    }
}
