package dev.switchboard.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.UsageTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates an append request: one message, or {@code {"messages": [...]}}. Unknown fields are
 * rejected rather than dropped (put extra data in {@code metadata}), and limits are 413s.
 */
public final class MessageInput {
    public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Set<String> FIELDS = Set.of("role", "content", "name", "tool_call_id", "tool_calls", "usage",
            "metadata", "created_at");
    /** In {@link UsageTotals} constructor order. */
    private static final List<String> USAGE_COUNTS = List.of("input_tokens", "output_tokens", "cache_read_tokens",
            "cache_write_tokens", "reasoning_tokens");

    private final SwitchboardConfig.Limits limits;

    public MessageInput(SwitchboardConfig.Limits limits) {
        this.limits = limits;
    }

    public List<NewMessage> parse(JsonNode body) {
        Fields root = Fields.of(body);
        if (root.has("messages")) {
            root.onlyAllow(Set.of("messages"));
            ArrayNode arr = root.requiredArray("messages", "(an array of messages)").orElse(null);
            root.check();
            if (arr.isEmpty()) throw ProblemException.validation("messages", "must hold at least one message");
            if (arr.size() > limits.maxBatchMessages()) {
                throw ProblemException.tooLarge("a batch holds at most " + limits.maxBatchMessages()
                        + " messages; this one has " + arr.size());
            }
            var out = new ArrayList<NewMessage>(arr.size());
            for (int i = 0; i < arr.size(); i++) {
                JsonNode el = arr.get(i);
                if (!el.isObject()) {
                    root.error("messages[" + i + "]", "must be a message object");
                    continue;
                }
                out.add(one(root.element("messages", i, el), "messages[" + i + "]"));
            }
            root.check();
            return out;
        }
        NewMessage m = one(root, "message");
        root.check();
        return List.of(m);
    }

    private NewMessage one(Fields f, String label) {
        f.onlyAllow(FIELDS);
        String role = f.requiredOneOf("role", ROLES, "(system, user, assistant or tool)").orElse(null);
        String name = f.string("name", 256).orElse(null);
        String toolCallId = f.string("tool_call_id", 256).orElse(null);
        String toolCalls = f.array("tool_calls").map(Json::write).orElse(null);
        String metadata = f.object("metadata").map(Json::write).orElse(null);
        Instant createdAt = f.time("created_at").orElse(null);

        JsonNode content = f.node().get("content");
        String contentJson = null;
        int contentChars = 0;
        if (content == null || content.isNull()) {
            if (toolCalls == null) f.error("content", "is required (a string or an array of content blocks)");
        } else if (content.isTextual()) {
            contentJson = Json.write(content);
            contentChars = content.textValue().length();
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                JsonNode block = content.get(i);
                if (!block.isObject() || !block.path("type").isTextual()) {
                    f.error("content[" + i + "]", "must be a content block object with a string \"type\"");
                }
            }
            contentJson = Json.write(content);
            contentChars = contentJson.length();
        } else {
            f.error("content", "must be a string or an array of content blocks");
        }
        if (contentChars > limits.maxMessageChars()) {
            throw ProblemException.tooLarge(label + ".content has " + contentChars + " characters; the limit is "
                    + limits.maxMessageChars() + " (limits.max_message_chars)");
        }

        String usage = null;
        UsageTotals totals = UsageTotals.ZERO;
        var uf = f.nested("usage").orElse(null);
        if (uf != null) {
            long[] counts = new long[5];
            int i = 0;
            for (String k : USAGE_COUNTS) {
                counts[i++] = uf.integer(k, 0, Long.MAX_VALUE / 4).orElse(0L);
            }
            double cost = uf.number("cost_usd", 0).orElse(0.0);
            uf.string("model", 256);
            totals = new UsageTotals(counts[0], counts[1], counts[2], counts[3], counts[4], cost);
            usage = Json.write(uf.node());
        }
        return new NewMessage(role, contentJson, name, toolCallId, toolCalls, usage, totals, metadata, createdAt, contentChars);
    }
}
