package dev.switchboard.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A tool's published description: the resource {@code /mcp/tools/<name>.json} with {@code title},
 * {@code description}, {@code annotations} (MCP tool hints), {@code input} and {@code output} (JSON Schemas).
 * Schemas shared by several tools (the session, message, run and directive objects of API.md) live once in
 * {@code /mcp/schemas/<name>.json} and are written {@code {"$fragment": "<name>"}} where used; they are inlined here,
 * so clients get self-contained schemas without {@code $ref}s to resolve.
 */
public record ToolSpec(String name, String title, String description, Map<String, Object> annotations,
                       Map<String, Object> inputSchema, Map<String, Object> outputSchema, Set<String> arguments) {

    public static ToolSpec load(String name) {
        ObjectNode doc = (ObjectNode) read("/mcp/tools/" + name + ".json");
        JsonNode input = inline(doc.get("input"));
        JsonNode output = inline(doc.get("output"));
        var arguments = new LinkedHashSet<String>();
        input.path("properties").fieldNames().forEachRemaining(arguments::add);
        return new ToolSpec(name, doc.path("title").asText(), doc.path("description").asText(),
                map(doc.get("annotations")), map(input), map(output), Set.copyOf(arguments));
    }

    private static JsonNode inline(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("$fragment")) return inline(read("/mcp/schemas/" + o.get("$fragment").asText() + ".json"));
            ObjectNode copy = Json.object();
            o.properties().forEach(e -> copy.set(e.getKey(), inline(e.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            a.forEach(e -> copy.add(inline(e)));
            return copy;
        }
        return node;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ToolSpec.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing tool description " + resource);
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tool description " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return node == null ? null : Json.MAPPER.convertValue(node, Map.class);
    }
}
