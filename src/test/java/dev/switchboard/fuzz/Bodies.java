package dev.switchboard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies for one schema: a plausible valid one built from the schema (enums, examples, formats), then
 * that body with every field — at every depth the schema describes — replaced by each hostile JSON value, then
 * whole-body breakage (truncated, not JSON, not an object, deeply nested, invalid UTF-8).
 */
final class Bodies {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** How deep the schema is followed when listing fields to replace. */
    private static final int MAX_FIELD_DEPTH = 4;

    private final Operations ops;

    Bodies(Operations ops) {
        this.ops = ops;
    }

    /** JSON values of every type a field can be given, hostile or just wrong. */
    static List<String> hostileValues() {
        return List.of("null", "true", "false", "0", "-1", "1.5", "-0.0", "1e400", "-1e400",
                "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808",
                "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\\ud800\"", "\"\\uffff\"",
                "\"\uD83D\uDE00 \u202E \u0301\"", "\"" + "y".repeat(70_000) + "\"", "\"2026-13-45T99:99:99Z\"",
                "[]", "[null]", "[1,\"a\",{}]", "[\"\\ud800\"]", "{}", "{\"a\":null}", "{\"\\ud800\":1}",
                nested("[", "]", 200), nested("{\"a\":", "}", 200), nested("[", "]", 70), nested("{\"a\":", "}", 70));
    }

    static String nested(String open, String close, int depth) {
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** Whole bodies that are broken as a whole rather than field by field. */
    static List<byte[]> brokenBodies(String valid) {
        var out = new ArrayList<byte[]>();
        for (String s : List.of("", " ", "null", "[]", "1", "\"s\"", "true", "{", "}", "{}{}", "{\"a\":1,}",
                "{\"a\" 1}", "{'a':1}", "\uFEFF{}", "{\"a\":1}garbage", nested("[", "]", 2_000),
                nested("{\"a\":", "}", 2_000), "{\"a\":" + nested("[", "]", 100_000) + "}", "NaN", "{\"a\":NaN}",
                "{\"a\":1,\"a\":2}", valid + valid)) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        byte[] v = valid.getBytes(StandardCharsets.UTF_8);
        for (int cut : new int[] {1, v.length / 3, v.length / 2, v.length - 1}) {
            if (cut > 0 && cut < v.length) out.add(java.util.Arrays.copyOf(v, cut));
        }
        out.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        out.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        out.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        return out;
    }

    /** A body the schema would accept, as far as the schema can tell (the server may still refuse it on meaning). */
    JsonNode valid(JsonNode schema) {
        return valid(schema, 0);
    }

    private JsonNode valid(JsonNode schema, int depth) {
        JsonNode s = ops.alternatives(schema).getFirst();
        if (s.has("enum")) return s.path("enum").get(0);
        if (s.has("examples")) return s.path("examples").get(0);
        if (s.has("default") && !s.path("default").isNull()) return s.path("default");
        return switch (type(s)) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                if (depth < MAX_FIELD_DEPTH) {
                    s.path("required").forEach(r -> o.set(r.asText(), valid(s.path("properties").path(r.asText()), depth + 1)));
                }
                yield o;
            }
            case "array" -> F.arrayNode().add(valid(s.path("items"), depth + 1));
            case "integer" -> F.numberNode(s.path("minimum").asLong(1));
            case "number" -> F.numberNode(1.5);
            case "boolean" -> F.booleanNode(true);
            case "null" -> F.nullNode();
            default -> s.path("format").asText().equals("date-time") ? F.textNode("2030-01-01T00:00:00.000Z") : F.textNode("x");
        };
    }

    private static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) if (!each.asText().equals("null")) return each.asText();
            return "null";
        }
        if (t.isTextual()) return t.asText();
        return s.has("properties") ? "object" : s.has("items") ? "array" : "string";
    }

    /** Every body the schema's fields give: the valid body with one field (at some depth) set to each hostile value. */
    List<String> fieldMutations(JsonNode schema) {
        var out = new ArrayList<String>();
        for (JsonNode alternative : ops.alternatives(schema)) {
            JsonNode base = valid(alternative);
            if (!(base instanceof ObjectNode)) continue;
            for (List<String> path : fieldPaths(alternative, List.of(), 0)) {
                for (String value : hostileValues()) out.add(withField(base, path, value));
            }
        }
        return out;
    }

    /** The paths of every property the schema describes, nested objects and array items included. */
    private List<List<String>> fieldPaths(JsonNode schema, List<String> prefix, int depth) {
        var out = new ArrayList<List<String>>();
        if (depth >= MAX_FIELD_DEPTH) return out;
        for (JsonNode alternative : ops.alternatives(schema)) {
            JsonNode props = alternative.path("properties");
            props.properties().forEach(p -> {
                var path = new ArrayList<>(prefix);
                path.add(p.getKey());
                out.add(List.copyOf(path));
                JsonNode child = ops.resolve(p.getValue());
                if (type(child).equals("array")) path.add("[0]");
                out.addAll(fieldPaths(type(child).equals("array") ? child.path("items") : child, path, depth + 1));
            });
        }
        return out;
    }

    /** The JSON text of {@code base} with the field at {@code path} replaced by the raw JSON {@code value}. */
    private static String withField(JsonNode base, List<String> path, String value) {
        return withFields(base, List.of(path), List.of(value));
    }

    /** {@code base} with each field at {@code paths[i]} replaced by the raw JSON {@code values[i]}. */
    private static String withFields(JsonNode base, List<List<String>> paths, List<String> values) {
        JsonNode copy = base.deepCopy();
        for (int n = 0; n < paths.size(); n++) place(copy, paths.get(n), "__fuzz_value_" + n + "__");
        String text = Json.write(copy);
        for (int n = 0; n < paths.size(); n++) text = text.replace("\"__fuzz_value_" + n + "__\"", values.get(n));
        return text;
    }

    /** Puts {@code marker} at {@code path}, creating the objects and first array elements on the way. */
    private static void place(JsonNode root, List<String> path, String marker) {
        JsonNode at = root;
        for (int i = 0; i < path.size(); i++) {
            String step = path.get(i);
            if (step.equals("[0]")) continue;
            if (!(at instanceof ObjectNode obj)) return;
            if (i == path.size() - 1) {
                obj.put(step, marker);
            } else if (path.get(i + 1).equals("[0]")) {
                ArrayNode arr = obj.get(step) instanceof ArrayNode a ? a : obj.putArray(step);
                if (arr.isEmpty() || !arr.get(0).isObject()) arr.removeAll().addObject();
                at = arr.get(0);
            } else {
                at = obj.get(step) instanceof ObjectNode o ? o : obj.putObject(step);
            }
        }
    }

    /** A random mixture for the time left: a valid body with up to three fields mutated at once. */
    String randomMutation(JsonNode schema, Random random) {
        var alternatives = ops.alternatives(schema);
        JsonNode alternative = alternatives.get(random.nextInt(alternatives.size()));
        JsonNode base = valid(alternative);
        var paths = fieldPaths(alternative, List.of(), 0);
        if (paths.isEmpty() || !(base instanceof ObjectNode)) return base.toString();
        var all = hostileValues();
        var chosen = new ArrayList<List<String>>();
        var values = new ArrayList<String>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            chosen.add(paths.get(random.nextInt(paths.size())));
            values.add(all.get(random.nextInt(all.size())));
        }
        return withFields(base, chosen, values);
    }
}
