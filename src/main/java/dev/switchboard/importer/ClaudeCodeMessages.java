package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.util.Set;

/**
 * Maps one Claude Code {@code user}, {@code assistant} or {@code system} line to a message (docs/import.md,
 * "Claude Code"). Content is the API message's {@code content}, exactly as written; the line's own fields
 * that say something about the message go to {@code metadata}; unknown top-level fields are kept in
 * {@code metadata.extra} when small.
 */
final class ClaudeCodeMessages {
    /** Top-level fields with a place in the mapping (or deliberately dropped: repeated on every line). */
    private static final Set<String> KNOWN = Set.of("parentUuid", "logicalParentUuid", "isSidechain", "userType",
            "cwd", "sessionId", "version", "gitBranch", "type", "message", "uuid", "timestamp", "requestId", "agentId",
            "isMeta", "toolUseResult", "sourceToolUseID", "isApiErrorMessage", "costUSD", "teamName",
            "isCompactSummary", "compactMetadata", "subtype", "content", "level", "slug", "toolUseID",
            "isVisibleInTranscriptOnly", "parentToolUseID", "permissionMode");
    static final String SYNTHETIC_MODEL = "<synthetic>";
    /** Structured tool output is often a second copy of the tool result; kept only below this size. */
    private static final int MAX_TOOL_USE_RESULT = 8 * 1024;
    private static final int MAX_EXTRA = 1024;

    private ClaudeCodeMessages() {}

    /**
     * @param countUsage whether this line carries its API response's usage (the first line of the response,
     *                   not copied from another session)
     */
    static SourceMessage map(ObjectNode line, String key, SourceRef ref, boolean countUsage) {
        String type = line.path("type").asText();
        JsonNode message = line.path("message");
        ObjectNode meta = Json.object();
        JsonNode content;
        ObjectNode usage = null;
        String role;
        switch (type) {
            case "assistant" -> {
                role = "assistant";
                content = message.get("content");
                String model = message.path("model").asText(null);
                putText(meta, "message_id", message.path("id"));
                putText(meta, "request_id", line.path("requestId"));
                putText(meta, "model", message.path("model"));
                putText(meta, "stop_reason", message.path("stop_reason"));
                if (line.path("isApiErrorMessage").asBoolean(false)) meta.put("api_error", true);
                boolean real = !SYNTHETIC_MODEL.equals(model) && !line.path("isApiErrorMessage").asBoolean(false);
                if (countUsage && real) usage = usage(message.path("usage"), model, line.path("costUSD"));
                if (!countUsage && message.has("usage")) meta.put("usage_counted_on_first_line", true);
            }
            case "user" -> {
                role = "user";
                content = message.get("content");
                if (line.path("isMeta").asBoolean(false)) meta.put("meta", true);
                if (line.path("isCompactSummary").asBoolean(false)) {
                    meta.set("compaction", Json.object().put("kind", "claude-code.compact_summary"));
                }
                putText(meta, "source_tool_use_id", line.path("sourceToolUseID"));
                JsonNode result = line.get("toolUseResult");
                if (result != null && !result.isNull()) {
                    long size = TargetJson.size(result); // an estimate: writing it out just to measure costs as much as keeping it
                    if (size <= MAX_TOOL_USE_RESULT) meta.set("tool_use_result", result);
                    else meta.put("tool_use_result_omitted_chars", size);
                }
            }
            default -> { // system
                role = "system";
                content = line.get("content");
                String subtype = line.path("subtype").asText(null);
                if (content == null || content.isNull()) content = Json.MAPPER.getNodeFactory().textNode("[" + (subtype != null ? subtype : "system") + "]");
                putText(meta, "subtype", line.path("subtype"));
                putText(meta, "level", line.path("level"));
                if ("compact_boundary".equals(subtype)) {
                    ObjectNode c = Json.object().put("kind", "claude-code.compact_boundary");
                    if (line.get("compactMetadata") instanceof ObjectNode cm) c.setAll(cm);
                    putText(c, "logical_parent", line.path("logicalParentUuid"));
                    meta.set("compaction", c);
                }
            }
        }
        if (content == null || content.isNull()) content = Json.MAPPER.getNodeFactory().textNode("");
        extra(line, meta);
        return new SourceMessage(key, ref, role, content, null, null, null, usage, Sources.time(line.path("timestamp")), meta);
    }

    /** Anthropic usage → Switchboard usage; the original object stays in metadata for fields without a place. */
    static ObjectNode usage(JsonNode u, String model, JsonNode costUsd) {
        if (!u.isObject()) return null;
        ObjectNode out = Json.object();
        copyCount(u, "input_tokens", out, "input_tokens");
        copyCount(u, "output_tokens", out, "output_tokens");
        copyCount(u, "cache_read_input_tokens", out, "cache_read_tokens");
        copyCount(u, "cache_creation_input_tokens", out, "cache_write_tokens");
        if (costUsd.isNumber() && costUsd.doubleValue() >= 0) out.put("cost_usd", costUsd.doubleValue());
        if (model != null && !model.isBlank()) out.put("model", model);
        return out;
    }

    static void copyCount(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && v.canConvertToLong() && v.asLong() >= 0) to.put(as, v.asLong());
    }

    private static void putText(ObjectNode meta, String name, JsonNode v) {
        if (v != null && v.isTextual()) meta.put(name, v.asText());
    }

    /** Unknown top-level fields: kept when small, so a newer Claude Code's additions are not silently lost. */
    private static void extra(ObjectNode line, ObjectNode meta) {
        ObjectNode extra = null;
        for (var e : line.properties()) {
            if (KNOWN.contains(e.getKey())) continue;
            if (extra == null) extra = Json.object();
            extra.set(e.getKey(), e.getValue());
        }
        if (extra != null && TargetJson.size(extra) <= MAX_EXTRA) meta.set("extra", extra);
        else if (extra != null) meta.put("extra_omitted", String.join(",", iterable(extra)));
    }

    private static Iterable<String> iterable(ObjectNode n) {
        return n::fieldNames;
    }
}
