package dev.switchboard.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.FieldError;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one validation reader: reads the fields of a request and collects every error, so a client learns all
 * that is wrong with it at once (422 with {@code errors[]}) instead of one field per retry. Shared by every
 * transport: REST bodies, query strings, WebSocket params and MCP arguments go through it.
 *
 * <p>Two sources, one set of rules. A JSON body ({@link #of}) is typed strictly: {@code "5"} is not an integer.
 * A query ({@link #query}) carries text, so numbers and booleans are parsed from it, an empty value counts as
 * absent, and a repeated parameter reads as a comma list ({@code status=a&status=b} is {@code status=a,b}).
 */
public final class Fields {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Names, keys, titles, reasons: text columns PostgreSQL can't put U+0000 in, so both stores refuse it (JSON keeps it). */
    private static final String NUL = "must not contain U+0000 (NUL)";

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;
    private final boolean textual;

    private Fields(JsonNode node, String prefix, List<FieldError> errors, boolean textual) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        this.textual = textual;
    }

    /** {@code value} when it is storable plain text; a 422 naming {@code field} when it holds U+0000 (see {@link #NUL}). */
    public static String plainText(String field, String value) {
        if (value.indexOf('\0') >= 0) throw ProblemException.validation(field, NUL);
        return value;
    }

    /**
     * A query string's parameters (name → values, as the HTTP layer parsed them), for an operation that takes
     * exactly {@code accepted}: any other parameter is an error naming it (collected for {@link #check()}), even
     * when empty. Every list endpoint declares its parameters here, so a typo or a filter we don't have
     * ({@code ?since=}, {@code ?parent_key=}) is a 422 instead of an unfiltered answer that looks filtered.
     */
    public static Fields query(Map<String, List<String>> params, Set<String> accepted) {
        ObjectNode node = Json.object();
        var errors = new ArrayList<FieldError>();
        params.forEach((name, values) -> {
            if (!accepts(accepted, name)) {
                errors.add(new FieldError(name, unknownParameter(accepted)));
                return;
            }
            var present = values.stream().filter(v -> !v.isEmpty()).toList();
            if (!present.isEmpty()) node.put(name, String.join(",", present));
        });
        return new Fields(node, "", errors, true);
    }

    /** {@code name} is declared, exactly or by a {@code prefix.*} entry (a family such as {@code metadata.<field>}). */
    private static boolean accepts(Set<String> accepted, String name) {
        if (accepted.contains(name)) return true;
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 && accepted.contains(name.substring(0, dot + 1) + "*");
    }

    /** The parameters named {@code prefix<rest>}, as rest → text (a family declared as {@code prefix*}). */
    public Map<String, String> prefixed(String prefix) {
        var out = new java.util.LinkedHashMap<String, String>();
        node.properties().forEach(e -> {
            if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue().asText());
        });
        return out;
    }

    private static String unknownParameter(Set<String> accepted) {
        return accepted.isEmpty() ? "is not a query parameter of this operation (it takes none)"
                : "is not a query parameter of this operation (it takes " + String.join(", ", accepted.stream().sorted().toList()) + ")";
    }

    /**
     * Parameters that stand for a query but arrive as JSON (a WebSocket list method's {@code params}): scalars
     * read by their text, arrays of strings and numbers as a comma list. What a query string can't carry — an
     * object, a list of objects or lists — is an error of that parameter, never its JSON text.
     */
    public static Fields query(JsonNode params, Set<String> accepted) {
        ObjectNode node = Json.object();
        var errors = new ArrayList<FieldError>();
        if (params != null && params.isObject()) {
            params.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (!accepts(accepted, e.getKey())) {
                    errors.add(new FieldError(e.getKey(), unknownParameter(accepted)));
                } else if (v.isArray()) {
                    var parts = new ArrayList<String>();
                    for (int i = 0; i < v.size(); i++) {
                        JsonNode el = v.get(i);
                        if (el.isTextual() || el.isNumber()) parts.add(el.asText());
                        else errors.add(new FieldError(e.getKey() + "[" + i + "]", "must be a string"));
                    }
                    if (!parts.isEmpty()) node.put(e.getKey(), String.join(",", parts));
                } else if (v.isObject()) {
                    errors.add(new FieldError(e.getKey(), "must be a string, a number, a boolean or a list of strings"));
                } else if (!v.isNull()) {
                    node.put(e.getKey(), v.asText());
                }
            });
        }
        return new Fields(node, "", errors, true);
    }

    /** A reader over {@code body}; a missing body reads as an empty object, anything but an object is an error. */
    public static Fields of(JsonNode body) {
        var errors = new ArrayList<FieldError>();
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new Fields(Json.object(), "", errors, false);
        }
        if (!body.isObject()) {
            throw ProblemException.validation("(body)", "must be a JSON object");
        }
        return new Fields(body, "", errors, false);
    }

    public JsonNode node() { return node; }

    public boolean has(String name) { return node.has(name); }

    /** Present with an explicit JSON null (merge-patch "delete"). */
    public boolean isNull(String name) { return node.has(name) && node.get(name).isNull(); }

    /**
     * Whether a required field has a value; when it has none — absent, or an explicit {@code null} — collects
     * "is required" plus {@code hint}. The one rule for required fields: a client sending {@code {"role": null}}
     * hears what one that left {@code role} out hears, and no caller is handed a null it didn't expect.
     */
    public boolean required(String name, String hint) {
        if (node.hasNonNull(name)) return true;
        error(name, hint == null || hint.isEmpty() ? "is required" : "is required " + hint);
        return false;
    }

    /** A required {@link #oneOf}: absent, null, not a string or not allowed are each an error. */
    public Optional<String> requiredOneOf(String name, Set<String> allowed, String hint) {
        return required(name, hint) ? oneOf(name, allowed) : Optional.empty();
    }

    /** A required {@link #array}. */
    public Optional<ArrayNode> requiredArray(String name, String hint) {
        return required(name, hint) ? array(name) : Optional.empty();
    }

    /** A required {@link #strings} list. */
    public Optional<List<String>> requiredStrings(String name, int maxLength, String hint) {
        return required(name, hint) ? strings(name, maxLength) : Optional.empty();
    }

    /** A required {@link #nested} object. */
    public Optional<Fields> requiredNested(String name, String hint) {
        return required(name, hint) ? nested(name) : Optional.empty();
    }

    public void error(String name, String message) {
        errors.add(new FieldError(prefix + name, message));
    }

    public Optional<String> string(String name, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) {
            error(name, "must be a string");
            return Optional.empty();
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return Optional.empty();
        }
        if (s.indexOf('\0') >= 0) {
            error(name, NUL);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public String requiredString(String name, int maxLength) {
        if (!required(name, null)) return null;
        Optional<String> s = string(name, maxLength);
        if (s.isPresent() && s.get().isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        return s.orElse(null);
    }

    public Optional<Long> integer(String name, long min, long max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        Long l = textual ? parseLong(v.asText()) : v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : null;
        if (l == null) {
            error(name, "must be an integer between " + min + " and " + max);
            return Optional.empty();
        }
        if (l < min || l > max) {
            error(name, "must be between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.of(l);
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code limit} (default 50, max 500) per API.md "Pagination". */
    public int limit() {
        return limit(DEFAULT_LIMIT, MAX_LIMIT);
    }

    public int limit(int defaultLimit, int max) {
        return integer("limit", 1, max).map(Long::intValue).orElse(defaultLimit);
    }

    public Optional<Double> number(String name, double min) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isNumber()) {
            error(name, "must be a number");
            return Optional.empty();
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || d < min) {
            error(name, "must be a finite number ≥ " + min);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    public Optional<Boolean> bool(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (textual) {
            return switch (v.asText()) {
                case "true", "1" -> Optional.of(true);
                case "false", "0" -> Optional.of(false);
                default -> {
                    error(name, "must be true or false");
                    yield Optional.empty();
                }
            };
        }
        if (!v.isBoolean()) {
            error(name, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(v.booleanValue());
    }

    public Optional<Instant> time(String name) {
        return string(name, 64).flatMap(s -> {
            try {
                return Optional.of(Json.parseTime(s));
            } catch (DateTimeParseException e) {
                error(name, "must be an RFC 3339 time such as 2026-11-25T17:04:29.123Z");
                return Optional.empty();
            }
        });
    }

    public Optional<ObjectNode> object(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) {
            error(name, "must be an object");
            return Optional.empty();
        }
        return Optional.of((ObjectNode) v);
    }

    public Optional<ArrayNode> array(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isArray()) {
            error(name, "must be an array");
            return Optional.empty();
        }
        return Optional.of((ArrayNode) v);
    }

    /** A list of strings each at most {@code maxLength} long. */
    public Optional<List<String>> strings(String name, int maxLength) {
        if (textual && node.hasNonNull(name)) {
            var arr = Json.MAPPER.createArrayNode();
            for (String part : node.get(name).asText().split(",", -1)) arr.add(part.strip());
            return Optional.of(elements(name, arr, maxLength));
        }
        return array(name).map(arr -> elements(name, arr, maxLength));
    }

    private List<String> elements(String name, ArrayNode arr, int maxLength) {
        var out = new ArrayList<String>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > maxLength) {
                error(name + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters");
            } else if (e.textValue().indexOf('\0') >= 0) {
                error(name + "[" + i + "]", NUL);
            } else {
                out.add(e.textValue());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Values each one of {@code allowed}, given as a comma list ({@code status=active,idle}, also as a JSON string)
     * or a JSON array: a filter that takes several values, any of which matches. Empty when absent.
     */
    public List<String> oneOfEach(String name, Set<String> allowed) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return List.of();
        List<String> values;
        if (v.isTextual()) {
            values = new ArrayList<>();
            for (String part : v.textValue().split(",", -1)) values.add(part.strip());
        } else {
            values = strings(name, 64).orElse(List.of());
        }
        var out = new ArrayList<String>();
        for (String s : values) {
            if (allowed.contains(s)) {
                if (!out.contains(s)) out.add(s);
            } else {
                error(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()) + " ('" + s + "' is not)");
            }
        }
        return List.copyOf(out);
    }

    /** One of {@code allowed} (case-sensitive, as the contract spells them). */
    public Optional<String> oneOf(String name, Set<String> allowed) {
        return string(name, 64).flatMap(s -> {
            if (allowed.contains(s)) return Optional.of(s);
            error(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            return Optional.empty();
        });
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent (or invalid: the error is collected). */
    public String oneOf(String name, Set<String> allowed, String defaultValue) {
        return oneOf(name, allowed).orElse(defaultValue);
    }

    /** A reader for a nested object whose errors are reported with a {@code parent.} prefix. */
    public Optional<Fields> nested(String name) {
        return object(name).map(o -> new Fields(o, prefix + name + ".", errors, false));
    }

    /** A reader for element {@code i} of an array, reported as {@code name[i].}. */
    public Fields element(String name, int i, JsonNode element) {
        return new Fields(element, prefix + name + "[" + i + "].", errors, false);
    }

    /** Rejects fields the operation does not know, for operations where ignoring them would mislead (PATCH). */
    public void onlyAllow(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) error(f, "is not a recognised field here");
        }
    }

    public boolean hasErrors() { return !errors.isEmpty(); }

    /** Throws one 422 carrying every error collected so far. */
    public void check() {
        if (errors.isEmpty()) return;
        String what = textual ? " query parameters are invalid" : " fields are invalid";
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + what;
        throw new ProblemException(ProblemType.VALIDATION, detail, errors);
    }
}
