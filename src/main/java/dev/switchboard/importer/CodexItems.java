package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.time.Instant;

/**
 * Maps Codex rollout {@code response_item} payloads (openai/codex {@code ResponseItem}) to messages
 * (docs/import.md, "Codex"). Content blocks ({@code input_text}, {@code output_text}, {@code input_image}) are
 * kept as given; tool calls become OpenAI-style {@code tool_calls}; items with no message equivalent
 * (reasoning, web searches, image generation) are kept whole as a single content block of their own type.
 */
final class CodexItems {
    private CodexItems() {}

    /** Whether the item is model output, whose usage the next {@code token_count} event reports. */
    static boolean modelOutput(JsonNode p) {
        String type = p.path("type").asText();
        return switch (type) {
            case "message" -> "assistant".equals(p.path("role").asText());
            case "function_call_output", "custom_tool_call_output", "tool_search_output" -> false;
            default -> true;
        };
    }

    static SourceMessage map(JsonNode p, String key, SourceRef ref, Instant at) {
        String type = p.path("type").asText();
        ObjectNode meta = Json.object().put("codex_type", type);
        if (p.path("id").isTextual()) meta.put("item_id", p.path("id").asText());
        return switch (type) {
            case "message" -> message(p, key, ref, at, meta);
            case "function_call" -> call(key, ref, at, meta, p.path("call_id").asText(), p.path("name").asText(),
                    p.path("arguments").isTextual() ? p.path("arguments").asText() : Json.write(p.path("arguments")));
            case "custom_tool_call" -> call(key, ref, at, meta, p.path("call_id").asText(), p.path("name").asText(),
                    p.path("input").asText(""));
            case "local_shell_call" -> call(key, ref, at, meta, p.path("call_id").asText(p.path("id").asText()),
                    "local_shell", Json.write(p.path("action")));
            case "function_call_output", "custom_tool_call_output" -> output(p, key, ref, at, meta);
            default -> new SourceMessage(key, ref, "assistant", Json.MAPPER.createArrayNode().add(p), null, null, null,
                    null, at, meta);
        };
    }

    private static SourceMessage message(JsonNode p, String key, SourceRef ref, Instant at, ObjectNode meta) {
        String role = p.path("role").asText("user");
        if (role.equals("developer")) meta.put("codex_role", role);
        String mapped = switch (role) {
            case "assistant" -> "assistant";
            case "system", "developer" -> "system";
            default -> "user";
        };
        JsonNode content = p.get("content");
        if (content == null || content.isNull()) content = Json.MAPPER.getNodeFactory().textNode("");
        if (p.path("phase").isTextual()) meta.put("phase", p.path("phase").asText());
        return new SourceMessage(key, ref, mapped, content, null, null, null, null, at, meta);
    }

    private static SourceMessage call(String key, SourceRef ref, Instant at, ObjectNode meta, String callId, String name,
                                      String arguments) {
        ArrayNode calls = Json.MAPPER.createArrayNode();
        ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return new SourceMessage(key, ref, "assistant", null, null, null, calls, null, at, meta);
    }

    private static SourceMessage output(JsonNode p, String key, SourceRef ref, Instant at, ObjectNode meta) {
        JsonNode out = p.get("output");
        JsonNode content;
        if (out == null || out.isNull()) content = Json.MAPPER.getNodeFactory().textNode("");
        else if (out.isTextual() || out.isArray()) content = out;
        else if (out.path("content").isTextual()) {
            content = out.get("content");
            if (out.has("success")) meta.set("success", out.get("success"));
        } else content = Json.MAPPER.getNodeFactory().textNode(Json.write(out));
        return new SourceMessage(key, ref, "tool", content, p.path("name").asText(null), p.path("call_id").asText(null),
                null, null, at, meta);
    }

    /** The cumulative usage of a {@code token_count} event ({@code info.total_token_usage}), or null. */
    static long[] totals(JsonNode payload) {
        JsonNode t = payload.path("info").path("total_token_usage");
        if (!t.isObject()) return null;
        return new long[] {t.path("input_tokens").asLong(), t.path("cached_input_tokens").asLong(),
                t.path("output_tokens").asLong(), t.path("reasoning_output_tokens").asLong()};
    }

    /**
     * Usage between two cumulative totals, in the server's convention (the same as the HTTP agent adapter):
     * {@code input_tokens} as reported (OpenAI counts cached tokens inside it), cached → {@code cache_read_tokens},
     * {@code reasoning_output_tokens} → {@code reasoning_tokens} (a part of {@code output_tokens}).
     */
    static ObjectNode usage(long[] now, long[] before, String model) {
        ObjectNode u = Json.object();
        u.put("input_tokens", now[0] - before[0]);
        u.put("cache_read_tokens", now[1] - before[1]);
        u.put("output_tokens", now[2] - before[2]);
        u.put("reasoning_tokens", now[3] - before[3]);
        if (model != null) u.put("model", model);
        return u;
    }
}
