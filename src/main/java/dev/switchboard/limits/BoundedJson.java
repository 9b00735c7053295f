package dev.switchboard.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Reads a JSON payload at the door, for every transport: malformed JSON is a 400; nesting deeper than
 * {@code limits.max_json_depth} is a 422, refused by the parser itself as it reaches that depth (so a deep payload
 * costs no more than a shallow one, and nothing deeper than the limit is ever stored, or later fails to serialize);
 * and text the store could not keep exactly is a 422 naming the field.
 *
 * <p><b>Lone surrogates.</b> JSON may escape half of a UTF-16 surrogate pair ({@code "\ud800"}) that no UTF-8 text can
 * hold; SQLite's driver encodes it as {@code ?}, silently changing the content. Such strings (and member names) are
 * refused rather than altered. Valid pairs (emoji) are of course kept.
 */
final class BoundedJson {
    private final ObjectReader mapper;
    private final int maxDepth;

    BoundedJson(int maxDepth) {
        this.maxDepth = maxDepth;
        var constraints = StreamReadConstraints.builder().maxNestingDepth(maxDepth).build();
        this.mapper = Json.MAPPER.reader().with(JsonFactory.builder().streamReadConstraints(constraints).build());
    }

    /** The payload as a tree (null when empty), its syntax and depth checked, its text not yet ({@link #checkText}). */
    JsonNode parse(byte[] payload) {
        if (payload.length == 0) return null;
        try {
            return mapper.readTree(payload);
        } catch (IOException e) {
            throw refused(e);
        }
    }

    JsonNode parse(String payload) {
        if (payload.isEmpty()) return null;
        try {
            return mapper.readTree(payload);
        } catch (IOException e) {
            throw refused(e);
        }
    }

    /**
     * The scalar value of the top-level member {@code name} of a payload that failed to parse as a whole, when the
     * parser reaches it before the fault (an envelope's id usually comes first); null otherwise. Reads with the same
     * depth bound, and stops at the member.
     */
    JsonNode peekMember(String payload, String name) {
        try (JsonParser p = mapper.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean wanted = name.equals(p.currentName());
                JsonToken value = p.nextToken();
                if (wanted) return scalar(p, value);
                p.skipChildren();
            }
        } catch (IOException | RuntimeException unreadable) {
            // the fault came first: there is no id to answer to
        }
        return null;
    }

    /** The current scalar token as a node (built here: a tree read would check for trailing tokens). */
    private static JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (token) {
            case VALUE_STRING -> hasLoneSurrogate(p.getText()) ? null : nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> nodes.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> nodes.nullNode();
            default -> null;
        };
    }

    private ProblemException refused(IOException e) {
        if (e instanceof StreamConstraintsException) return tooDeep();
        String where = e instanceof JsonProcessingException j && j.getLocation() != null
                ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
        return new ProblemException(ProblemType.BAD_REQUEST, "body is not valid JSON" + where);
    }

    /** For a tree another parser built (an SDK's): 422 if it nests deeper than the limit. */
    void checkDepth(JsonNode root) {
        if (root != null && depth(root, 0) > maxDepth) throw tooDeep();
    }

    /** The nesting depth of {@code node} (a scalar is 0), stopping once past the limit. */
    private int depth(JsonNode node, int above) {
        if (!node.isContainerNode()) return 0;
        if (above >= maxDepth) return maxDepth + 1; // deep enough to refuse: don't walk the rest
        int deepest = 0;
        for (JsonNode child : node) deepest = Math.max(deepest, depth(child, above + 1));
        return deepest + 1;
    }

    private ProblemException tooDeep() {
        return ProblemException.validation("(body)", "nests arrays and objects deeper than " + maxDepth
                + " levels (limits.max_json_depth)");
    }

    /** 422 naming the first string (or member name) of {@code root} that the store could not keep as given. */
    static void checkText(JsonNode root) {
        if (root == null) return;
        var path = new ArrayDeque<Object>(); // member names and indexes: a field path is only spelled out for an error
        if (!storable(root, path)) throw loneSurrogate(path);
    }

    /** Walks the tree (its depth is bounded by the parser); false with {@code path} at the first unstorable string. */
    private static boolean storable(JsonNode node, Deque<Object> path) {
        if (node.isTextual()) return !hasLoneSurrogate(node.textValue());
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.addLast(i);
                if (!storable(node.get(i), path)) return false;
                path.removeLast();
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (hasLoneSurrogate(e.getKey())) return false; // named by its parent: the name itself can't be echoed
                path.addLast(e.getKey());
                if (!storable(e.getValue(), path)) return false;
                path.removeLast();
            }
        }
        return true;
    }

    /** {@code messages[1].content}-style field path, as {@code input.Fields} names fields. */
    private static String field(Deque<Object> path) {
        var sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) sb.append('[').append(i).append(']');
            else sb.append(sb.isEmpty() ? "" : ".").append(step);
        }
        return sb.isEmpty() ? "(body)" : sb.toString();
    }

    private static ProblemException loneSurrogate(Deque<Object> path) {
        return ProblemException.validation(field(path), "contains a lone UTF-16 surrogate (such as \\ud800), which is not "
                + "Unicode text and can't be stored as given");
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
