package dev.switchboard.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.directive.DirectiveBlock;
import dev.switchboard.json.Json;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageText;
import java.util.ArrayList;

/**
 * A context in the Anthropic Messages shape: one {@code system} string (session block, summary, directives) and
 * {@code messages} of {@code user}/{@code assistant} turns with content blocks. Blocks are passed on as stored
 * (agents store Anthropic blocks); a string becomes a text block, OpenAI-style {@code tool_calls} become
 * {@code tool_use} blocks, a {@code tool} message a user turn with a {@code tool_result} block, a system message
 * inside the transcript a user text block marked {@code [system]}. Consecutive turns of one role are merged, and a
 * context whose first kept turn is the assistant's starts with a short user turn, since the API requires the
 * conversation to start with the user.
 */
final class AnthropicMessages {
    static final String CONTINUES = "[the conversation continues from here]";

    private AnthropicMessages() {}

    static String system(AssembledContext c) {
        var parts = new ArrayList<String>();
        if (c.system() != null) parts.add(c.system());
        if (c.summary() != null) parts.add(c.summary().content());
        if (!c.directives().isEmpty()) parts.add(DirectiveBlock.render(c.directives()));
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    static ArrayNode messages(AssembledContext c) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Message m : c.messages()) {
            String role = "assistant".equals(m.role()) ? "assistant" : "user";
            ArrayNode blocks = blocks(m);
            if (blocks.isEmpty()) continue;
            ObjectNode last = out.isEmpty() ? null : (ObjectNode) out.get(out.size() - 1);
            if (last != null && last.path("role").asText().equals(role)) {
                ((ArrayNode) last.get("content")).addAll(blocks);
            } else {
                out.addObject().put("role", role).set("content", blocks);
            }
        }
        if (!out.isEmpty() && out.get(0).path("role").asText().equals("assistant")) {
            ObjectNode first = Json.object().put("role", "user");
            first.putArray("content").addObject().put("type", "text").put("text", CONTINUES);
            out.insert(0, first);
        }
        return out;
    }

    private static ArrayNode blocks(Message m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        JsonNode content = Json.readStored(m.content());
        if ("tool".equals(m.role())) {
            ObjectNode r = blocks.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId());
            r.put("content", MessageText.of(m.content(), null));
            return blocks;
        }
        String prefix = "system".equals(m.role()) ? "[system] " : "";
        if (content != null && content.isTextual()) {
            if (!content.textValue().isEmpty()) blocks.addObject().put("type", "text").put("text", prefix + content.textValue());
        } else if (content != null && content.isArray()) {
            for (JsonNode b : content) {
                if (!prefix.isEmpty() && "text".equals(b.path("type").asText())) {
                    blocks.addObject().put("type", "text").put("text", prefix + b.path("text").asText());
                } else {
                    blocks.add(b);
                }
            }
        }
        if (m.toolCalls() != null && "assistant".equals(m.role())) toolUses(Json.readStored(m.toolCalls()), blocks);
        return blocks;
    }

    /** OpenAI {@code tool_calls} → {@code tool_use} blocks ({@code arguments} is a JSON string there, an object here). */
    private static void toolUses(JsonNode calls, ArrayNode blocks) {
        for (JsonNode call : calls) {
            JsonNode fn = call.path("function");
            JsonNode input;
            try {
                input = Json.MAPPER.readTree(fn.path("arguments").asText("{}"));
            } catch (java.io.IOException e) {
                input = Json.object().put("arguments", fn.path("arguments").asText());
            }
            blocks.addObject().put("type", "tool_use").put("id", call.path("id").asText())
                    .put("name", fn.path("name").asText(call.path("name").asText())).set("input", input);
        }
    }
}
