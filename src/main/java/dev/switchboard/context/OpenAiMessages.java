package dev.switchboard.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.directive.DirectiveBlock;
import dev.switchboard.json.Json;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageText;
import java.util.ArrayList;
import java.util.List;

/**
 * A context as an OpenAI chat completions {@code messages} array: the session block and the summary as
 * {@code system} messages first, the transcript as {@code user}/{@code assistant}/{@code tool} messages, pending
 * directives as a last {@code system} message. Content blocks map to their OpenAI shapes: text joins into the
 * string content, {@code tool_use} becomes {@code tool_calls}, a {@code tool_result} block its own {@code tool}
 * message, images {@code image_url} parts; {@code thinking} is left out (private to the model that wrote it).
 *
 * <p>{@link #textOnly} is the http adapter's form: text alone (tool results as user text), for endpoints that
 * are sent no tool definitions.
 */
final class OpenAiMessages {
    private OpenAiMessages() {}

    static ArrayNode full(AssembledContext c) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        preamble(c, out);
        for (Message m : c.messages()) message(m, out);
        if (!c.directives().isEmpty()) system(out, DirectiveBlock.render(c.directives()));
        return out;
    }

    static ArrayNode textOnly(AssembledContext c) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        preamble(c, out);
        for (Message m : c.messages()) {
            String text = MessageText.of(m.content(), null);
            if (text.isEmpty()) continue;
            if ("tool".equals(m.role())) out.addObject().put("role", "user").put("content", "[tool result] " + text);
            else out.addObject().put("role", m.role()).put("content", text);
        }
        if (!c.directives().isEmpty()) system(out, DirectiveBlock.render(c.directives()));
        return out;
    }

    private static void preamble(AssembledContext c, ArrayNode out) {
        if (c.system() != null) system(out, c.system());
        if (c.summary() != null) system(out, c.summary().content());
    }

    private static void system(ArrayNode out, String text) {
        out.addObject().put("role", "system").put("content", text);
    }

    private static void message(Message m, ArrayNode out) {
        JsonNode content = Json.readStored(m.content());
        if ("tool".equals(m.role())) {
            ObjectNode t = out.addObject().put("role", "tool").put("tool_call_id", m.toolCallId());
            t.put("content", MessageText.of(m.content(), null));
            return;
        }
        var text = new ArrayList<String>();
        var parts = Json.MAPPER.createArrayNode();
        var calls = Json.MAPPER.createArrayNode();
        boolean images = blocks(content, m.role(), text, parts, calls, out);
        if (m.toolCalls() != null) Json.readStored(m.toolCalls()).forEach(calls::add);
        if (text.isEmpty() && calls.isEmpty() && !images) return; // only tool results (already out) or thinking
        ObjectNode o = out.addObject().put("role", m.role());
        if (images) o.set("content", parts);
        else if (!text.isEmpty()) o.put("content", String.join("\n", text));
        else o.putNull("content");
        if (m.name() != null && !"assistant".equals(m.role())) o.put("name", m.name());
        if (!calls.isEmpty() && "assistant".equals(m.role())) o.set("tool_calls", calls);
    }

    /** Sorts the blocks of {@code content} into text, content parts, tool calls and tool messages; true when it has images. */
    private static boolean blocks(JsonNode content, String role, List<String> text, ArrayNode parts, ArrayNode calls,
                                  ArrayNode out) {
        if (content == null || content.isNull()) return false;
        if (content.isTextual()) {
            text.add(content.textValue());
            parts.addObject().put("type", "text").put("text", content.textValue());
            return false;
        }
        boolean images = false;
        for (JsonNode b : content) {
            switch (b.path("type").asText()) {
                case "tool_use" -> calls.addObject().put("id", b.path("id").asText()).put("type", "function")
                        .putObject("function").put("name", b.path("name").asText())
                        .put("arguments", Json.write(b.path("input").isMissingNode() ? Json.object() : b.get("input")));
                case "tool_result" -> out.addObject().put("role", "tool").put("tool_call_id", b.path("tool_use_id").asText())
                        .put("content", MessageText.of(Json.write(b.path("content")), null));
                case "image" -> {
                    images |= image(b, parts);
                }
                case "thinking", "redacted_thinking" -> { }
                default -> {
                    String t = MessageText.of(Json.write(List.of(b)), null);
                    if (!t.isEmpty()) {
                        text.add(t);
                        parts.addObject().put("type", "text").put("text", t);
                    }
                }
            }
        }
        return images && !"assistant".equals(role);
    }

    private static boolean image(JsonNode b, ArrayNode parts) {
        JsonNode src = b.path("source");
        String url = switch (src.path("type").asText()) {
            case "base64" -> "data:" + src.path("media_type").asText() + ";base64," + src.path("data").asText();
            case "url" -> src.path("url").asText();
            default -> null;
        };
        if (url == null) return false;
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        return true;
    }
}
