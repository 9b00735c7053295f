package dev.switchboard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The documented operations, read from the served {@code /openapi.json}: so an endpoint added tomorrow is fuzzed
 * tomorrow, with no list here to keep up to date. {@code $ref}s are resolved against the document's components.
 */
record Operations(JsonNode document, List<Operation> all) {

    /** One documented method + path, its query parameters and its request body schema (null: none). */
    record Operation(String method, String path, List<Parameter> query, JsonNode bodySchema) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Parameter(String name, JsonNode schema) {}

    static Operations read(JsonNode document) {
        var ops = new ArrayList<Operation>();
        var resolver = new Operations(document, List.of());
        document.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (m.getKey().equals("parameters")) return;
            JsonNode op = m.getValue();
            var query = new ArrayList<Parameter>();
            for (JsonNode param : op.path("parameters")) {
                JsonNode resolved = resolver.resolve(param);
                if (resolved.path("in").asText().equals("query")) {
                    query.add(new Parameter(resolved.path("name").asText(), resolver.resolve(resolved.path("schema"))));
                }
            }
            JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
            ops.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), List.copyOf(query),
                    body.isMissingNode() ? null : resolver.resolve(body)));
        }));
        return new Operations(document, List.copyOf(ops));
    }

    /** Follows {@code {"$ref": "#/components/..."}} (once per level; callers resolve nested schemas as they walk). */
    JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        for (int hops = 0; at != null && at.has("$ref") && hops < 16; hops++) {
            String ref = at.path("$ref").asText();
            if (!ref.startsWith("#/")) return JsonNodeFactory.instance.objectNode();
            at = document.at(ref.substring(1));
        }
        return at == null || at.isMissingNode() ? JsonNodeFactory.instance.objectNode() : at;
    }

    /** The schema's alternatives: each {@code oneOf}/{@code anyOf} branch, or the schema itself. */
    List<JsonNode> alternatives(JsonNode schema) {
        JsonNode s = resolve(schema);
        for (String k : List.of("oneOf", "anyOf")) {
            if (s.path(k) instanceof ArrayNode branches && !branches.isEmpty()) {
                var out = new ArrayList<JsonNode>();
                branches.forEach(b -> out.add(resolve(b)));
                return out;
            }
        }
        return List.of(s);
    }
}
