package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served {@code /openapi.json} as a checker of live responses: each response is matched to its operation
 * (method and path template) and checked against what the document declares for its status: the status must be
 * declared, the media type too, and a JSON body (each line of NDJSON) must validate against the schema, with JSON
 * Schema 2020-12 as OpenAPI 3.1 defines it.
 *
 * <p>Stricter than the document on one point, so it can't drift: an object schema that lists {@code properties}
 * gets {@code unevaluatedProperties: false} here (unless it says otherwise), so a field the server returns but the
 * document doesn't describe fails, as does a {@code null} where the document promises a value.
 */
public final class OpenApiContract {
    private static final String DOC = "https://switchboard.test/openapi.json";
    private static final Set<String> BODYLESS = Set.of("101", "204");

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public OpenApiContract(JsonNode served) {
        this.doc = served;
        ObjectNode strict = served.deepCopy();
        forbidUndocumentedFields(strict);
        String text = Json.write(strict);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(DOC, text)));
    }

    /**
     * Adds {@code unevaluatedProperties: false} to every object schema with {@code properties} or {@code allOf}, except
     * the parts an {@code allOf} combines: those only see their own properties, so the whole is closed, not each part.
     */
    private static void forbidUndocumentedFields(ObjectNode doc) {
        var parts = new java.util.HashSet<String>();
        collectAllOfParts(doc, parts);
        close(doc, parts, false, "");
    }

    private static void collectAllOfParts(JsonNode node, Set<String> refs) {
        if (node.has("allOf")) node.get("allOf").forEach(p -> {
            if (p.has("$ref")) refs.add(p.get("$ref").asText());
        });
        node.forEach(child -> collectAllOfParts(child, refs));
    }

    private static void close(JsonNode node, Set<String> allOfParts, boolean isAllOfPart, String pointer) {
        if (node instanceof ObjectNode o) {
            boolean open = o.has("additionalProperties") || o.has("unevaluatedProperties");
            boolean schemaWithFields = o.path("properties").isObject() || o.path("allOf").isArray();
            if (schemaWithFields && !open && !isAllOfPart && !allOfParts.contains("#" + pointer)) o.put("unevaluatedProperties", false);
            for (var e : new ArrayList<>(o.properties())) {
                String child = pointer + "/" + escape(e.getKey());
                if (e.getKey().equals("allOf")) {
                    for (int i = 0; i < e.getValue().size(); i++) close(e.getValue().get(i), allOfParts, true, child + "/" + i);
                } else {
                    close(e.getValue(), allOfParts, false, child);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) close(node.get(i), allOfParts, false, pointer + "/" + i);
        }
    }

    /** Every documented operation, as {@code "GET /v1/sessions/{key}"}. */
    public Set<String> operations() {
        var all = new TreeSet<String>();
        doc.path("paths").properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) all.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }));
        return all;
    }

    /** The operations a checked response has come from so far. */
    public Set<String> seen() {
        return Set.copyOf(seen);
    }

    /**
     * Checks one live response; the list of what is wrong with it (empty when it matches the document).
     *
     * @param path the request path as sent (percent-encoded, query string allowed)
     */
    public List<String> check(String method, String path, int status, String contentType, String body) {
        String template = template(method, path);
        String where = method + " " + path + " → " + status;
        if (template == null) return List.of(where + ": no documented operation matches");
        String op = method.toUpperCase(Locale.ROOT) + " " + template;
        seen.add(op);
        String base = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        JsonNode response = at(base);
        if (response.isMissingNode()) return List.of(where + ": status " + status + " is not documented for " + op);
        if (response.has("$ref")) {
            base = response.get("$ref").asText().substring(1);
            response = at(base);
        }
        JsonNode content = response.path("content");
        if (BODYLESS.contains(String.valueOf(status))) {
            return content.isMissingNode() ? List.of() : List.of(where + ": a " + status + " has no body but content is documented");
        }
        if (!content.isObject() || content.isEmpty()) return List.of(where + ": the response documents no content");
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(media)) return List.of(where + ": media type '" + media + "' is not documented (" + fieldNames(content) + ")");
        if (!content.path(media).has("schema")) return List.of(where + ": " + media + " has no schema");
        String pointer = base + "/content/" + escape(media) + "/schema";
        return validate(where, pointer, media, body);
    }

    private List<String> validate(String where, String pointer, String media, String body) {
        List<String> instances = switch (media) {
            case "application/json", "application/problem+json" -> List.of(body);
            case "application/x-ndjson" -> body.lines().filter(l -> !l.isBlank()).toList();
            default -> List.of(); // text: the media type is what there is to check
        };
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOC + "#" + p)));
        var problems = new ArrayList<String>();
        for (String instance : instances) {
            for (var e : schema.validate(instance, InputFormat.JSON)) problems.add(where + ": " + e + " — in " + abbreviate(instance));
        }
        return problems;
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** The node at a JSON pointer ({@code /paths/~1v1~1sessions/get}). */
    private JsonNode at(String pointer) {
        return doc.at(pointer);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String fieldNames(JsonNode n) {
        var names = new LinkedHashSet<String>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /** The documented path template {@code path} matches for {@code method}, the most literal one first. */
    private String template(String method, String path) {
        String[] actual = path.split("\\?")[0].split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().has(method.toLowerCase(Locale.ROOT))) continue;
            String[] parts = e.getKey().split("/", -1);
            if (parts.length != actual.length) continue;
            int literals = 0;
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) match = !actual[i].isEmpty();
                else if (parts[i].equals(actual[i])) literals++;
                else match = false;
            }
            if (match && literals > bestLiterals) {
                best = e.getKey();
                bestLiterals = literals;
            }
        }
        return best;
    }
}
