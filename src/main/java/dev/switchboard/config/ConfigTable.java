package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Typed access to one table of the tree; env and flag values arrive as strings and are converted here. */
record ConfigTable(JsonNode node, String prefix) {
    void only(Set<String> allowed) {
        var unknown = new HashSet<String>();
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) unknown.add(prefix + f);
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown config key(s) " + unknown + "; known here: " + allowed);
        }
    }

    Iterable<String> keys() {
        return node::fieldNames;
    }

    ConfigTable section(String name) {
        JsonNode child = node.get(name);
        if (child == null) return new ConfigTable(JsonNodeFactory.instance.objectNode(), prefix + name + ".");
        if (!child.isObject()) throw new ConfigException(prefix + name + " must be a table");
        return new ConfigTable(child, prefix + name + ".");
    }

    String string(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.isContainerNode() || v.asText().isBlank()) {
            throw new ConfigException(prefix + key + " must be set to a non-empty value");
        }
        return v.asText();
    }

    /** A string that may be absent (null); blank counts as absent. */
    String optional(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) return null;
        if (v.isContainerNode()) throw new ConfigException(prefix + key + " must be a string");
        return v.asText();
    }

    /** A list of strings: a TOML/JSON array, or a comma-separated string (as environment variables give it). */
    List<String> strings(String key) {
        JsonNode v = node.get(key);
        var out = new ArrayList<String>();
        if (v == null || v.isNull()) return List.of();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) throw new ConfigException(prefix + key + " must be a list of strings");
                out.add(e.asText().trim());
            }
        } else if (v.isTextual()) {
            for (String part : v.asText().split(",")) if (!part.isBlank()) out.add(part.trim());
        } else {
            throw new ConfigException(prefix + key + " must be a list of strings");
        }
        return List.copyOf(out);
    }

    long range(String key, long min, long max) {
        String text = string(key);
        try {
            long v = Long.parseLong(text.trim().replace("_", ""));
            if (v < min || v > max) throw new ConfigException(prefix + key + " must be between " + min + " and " + max + " (got " + v + ")");
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(prefix + key + " must be a whole number (got '" + text + "')");
        }
    }

    /** A number that may have a fraction (0.5 requests per second is one every two seconds). */
    double decimal(String key, double min, double max) {
        String text = string(key);
        try {
            double v = Double.parseDouble(text.trim().replace("_", ""));
            if (!(v >= min && v <= max)) throw new ConfigException(prefix + key + " must be between " + min + " and " + max + " (got " + text + ")");
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(prefix + key + " must be a number (got '" + text + "')");
        }
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return fallback;
        return switch (v.asText().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(prefix + key + " must be true or false (got '" + v.asText() + "')");
        };
    }

    Duration duration(String key) {
        try {
            Duration d = Durations.parse(string(key));
            if (d.isNegative() || d.isZero()) throw new ConfigException(prefix + key + " must be positive");
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + key + ": " + e.getMessage());
        }
    }
}
