package dev.switchboard.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of a stored message, for previews and the full-text index (one extractor, so what
 * a preview shows is what search finds). Content is a string or an array of blocks (API.md "Message
 * object"):
 * <ul>
 *   <li>{@code text} → its text; {@code tool_result} → its content (a string or nested blocks);</li>
 *   <li>{@code tool_use} → {@code [tool_use <name>]}; OpenAI-style {@code tool_calls} → {@code [tool_call <name>]};</li>
 *   <li>{@code image}/{@code document} → {@code [image]}/{@code [document]};</li>
 *   <li>{@code thinking} and {@code redacted_thinking} are left out: they are the model's private
 *       reasoning, not part of the conversation, and would drown previews;</li>
 *   <li>any other block with a string {@code text} → that text.</li>
 * </ul>
 * Parts are joined with newlines. Never throws: it runs inside SQLite triggers on the writer thread,
 * where an exception would fail the append, so unreadable content is indexed as the raw text.
 */
public final class MessageText {
    private MessageText() {}

    public static String of(String contentJson, String toolCallsJson) {
        var parts = new ArrayList<String>();
        if (contentJson != null) {
            try {
                content(Json.MAPPER.readTree(contentJson), parts);
            } catch (JsonProcessingException e) {
                parts.add(contentJson);
            }
        }
        if (toolCallsJson != null) {
            try {
                for (JsonNode call : Json.MAPPER.readTree(toolCallsJson)) {
                    String name = call.path("function").path("name").asText(call.path("name").asText(""));
                    parts.add(name.isEmpty() ? "[tool_call]" : "[tool_call " + name + "]");
                }
            } catch (JsonProcessingException e) {
                // tool calls are optional decoration; the content alone is still indexed
            }
        }
        return String.join("\n", parts);
    }

    private static void content(JsonNode node, List<String> parts) {
        if (node == null || node.isNull() || node.isMissingNode()) return;
        if (node.isTextual()) {
            if (!node.textValue().isEmpty()) parts.add(node.textValue());
            return;
        }
        if (node.isArray()) {
            for (JsonNode block : node) block(block, parts);
            return;
        }
        if (node.isObject()) block(node, parts);
    }

    private static void block(JsonNode block, List<String> parts) {
        if (block.isTextual()) {
            content(block, parts);
            return;
        }
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> content(block.get("text"), parts);
            case "tool_use" -> {
                String name = block.path("name").asText("");
                parts.add(name.isEmpty() ? "[tool_use]" : "[tool_use " + name + "]");
            }
            case "tool_result" -> content(block.get("content"), parts);
            case "thinking", "redacted_thinking" -> { /* private reasoning: see class comment */ }
            case "image", "document" -> parts.add("[" + type + "]");
            default -> {
                if (block.path("text").isTextual()) content(block.get("text"), parts);
            }
        }
    }
}
