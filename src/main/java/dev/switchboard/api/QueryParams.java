package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.FieldError;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed query parameters that report every bad one at once as a 422, like {@link dev.switchboard.json.Fields}.
 * Read from a request's query string, or from a WebSocket call's {@code params} ({@link #of(JsonNode)}), so
 * both transports parse and validate list filters with the same code.
 */
public final class QueryParams {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final Function<String, String> lookup;
    private final List<FieldError> errors = new ArrayList<>();

    public QueryParams(Context ctx) {
        this(ctx::queryParam);
    }

    /** Parameters looked up by name; the function returns null for an absent one. */
    public QueryParams(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * The fields of a JSON object read as query parameters: scalars by their text, arrays of scalars as a
     * comma list (so {@code "types": ["session.", "message."]} reads like {@code types=session.,message.}).
     */
    public static QueryParams of(JsonNode params) {
        return new QueryParams(name -> {
            JsonNode v = params == null ? null : params.get(name);
            if (v == null || v.isNull()) return null;
            if (v.isArray()) {
                var parts = new ArrayList<String>();
                v.forEach(e -> parts.add(e.asText()));
                return String.join(",", parts);
            }
            return v.isContainerNode() ? v.toString() : v.asText();
        });
    }

    public String string(String name) {
        String v = lookup.apply(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String string(String name, int maxLength) {
        String v = string(name);
        if (v != null && v.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return v;
    }

    public Long integer(String name, long min, long max) {
        String v = string(name);
        if (v == null) return null;
        try {
            long l = Long.parseLong(v);
            if (l >= min && l <= max) return l;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
        return null;
    }

    /** {@code limit} (default 50, max 500) per API.md "Pagination". */
    public int limit() {
        return limit(DEFAULT_LIMIT, MAX_LIMIT);
    }

    public int limit(int defaultLimit, int max) {
        Long l = integer("limit", 1, max);
        return l == null ? defaultLimit : l.intValue();
    }

    public String oneOf(String name, Set<String> allowed, String defaultValue) {
        String v = string(name);
        if (v == null) return defaultValue;
        if (allowed.contains(v)) return v;
        errors.add(new FieldError(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        return defaultValue;
    }

    public Instant time(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            return Json.parseTime(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an RFC 3339 time such as 2026-11-25T17:04:29.123Z"));
            return null;
        }
    }

    public Boolean bool(String name) {
        String v = string(name);
        if (v == null) return null;
        if (v.equals("true") || v.equals("1")) return true;
        if (v.equals("false") || v.equals("0")) return false;
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }

    /** Reports a parameter that parsed but breaks a rule of its own (collected with the rest). */
    public void error(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    public void check() {
        if (errors.isEmpty()) return;
        String detail = errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " query parameters are invalid";
        throw new ProblemException(ProblemType.VALIDATION, detail, errors);
    }
}
