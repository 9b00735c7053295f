package dev.switchboard.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.util.Locale;
import java.util.Set;

/**
 * The shapes a context is returned in ({@code GET …/context?format=}): {@code switchboard} (every part separately,
 * messages as stored), {@code openai} (a ready chat completions {@code messages} array) and {@code anthropic}
 * ({@code system} + {@code messages} with content blocks). Every shape also says what was left out
 * ({@code omitted}), the token estimates and the checkpoint the context starts after.
 */
public enum ContextFormat {
    SWITCHBOARD, OPENAI, ANTHROPIC;

    public static final Set<String> WIRE = Set.of("switchboard", "openai", "anthropic");

    public static ContextFormat fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ObjectNode render(AssembledContext c) {
        ObjectNode o = Json.object();
        o.put("format", wire());
        o.put("key", c.key());
        o.put("instance", c.instance());
        o.put("last_seq", c.lastSeq());
        o.put("checkpoint_id", c.checkpoint() == null ? null : c.checkpoint().id());
        switch (this) {
            case SWITCHBOARD -> {
                o.put("system", c.system());
                o.set("summary", Json.tree(c.summary()));
                o.set("checkpoint", Json.tree(c.checkpoint() == null ? null : checkpoint(c.checkpoint())));
                o.set("messages", Json.tree(c.messages()));
                o.set("directives", Json.tree(c.directives()));
            }
            case OPENAI -> o.set("messages", OpenAiMessages.full(c));
            case ANTHROPIC -> {
                o.put("system", AnthropicMessages.system(c));
                o.set("messages", AnthropicMessages.messages(c));
            }
        }
        o.set("omitted", Json.tree(c.omitted()));
        o.set("tokens", Json.tree(c.tokens()));
        return o;
    }

    /** The http adapter's request messages: the OpenAI shape, text only ({@link OpenAiMessages#textOnly}). */
    public static com.fasterxml.jackson.databind.node.ArrayNode openAiText(AssembledContext c) {
        return OpenAiMessages.textOnly(c);
    }

    private record CheckpointRef(String id, String strategy, long firstKeptSeq, AssembledContext.Covers covers) {}

    private static CheckpointRef checkpoint(ContextCheckpoint cp) {
        return new CheckpointRef(cp.id(), cp.strategy(), cp.firstKeptSeq(), new AssembledContext.Covers(cp.fromSeq(), cp.toSeq()));
    }
}
