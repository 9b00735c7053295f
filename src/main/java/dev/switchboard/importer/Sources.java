package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Small conversions every reader needs: source times, key parts, metadata objects. */
final class Sources {
    private static final Pattern KEY_UNSAFE = Pattern.compile("[^A-Za-z0-9:._@/-]");

    private Sources() {}

    /** An ISO-8601 time with offset ("Z" or "+02:00"), or a naive one read in the machine's zone; else null. */
    static Instant time(JsonNode v) {
        if (v == null || !v.isTextual()) return null;
        String s = v.asText();
        try {
            return Instant.parse(s); // the usual "…Z" (and offsets): faster than the general formatter
        } catch (DateTimeParseException notInstant) {
            // a naive local time, below
        }
        try {
            return Json.parseTime(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException naive) {
                return null;
            }
        }
    }

    /** Epoch seconds (hermes) → instant; null for missing or absurd values. */
    static Instant epochSeconds(double seconds) {
        if (!(seconds > 0) || seconds > 32_503_680_000d) return null;
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    /** Epoch milliseconds (OpenClaw) → instant; null for missing or absurd values. */
    static Instant epochMillis(JsonNode v) {
        if (v == null || !v.canConvertToLong() || v.asLong() <= 0) return null;
        return Instant.ofEpochMilli(v.asLong());
    }

    /** One part of a session key: characters a key can't hold become {@code -} (keys allow {@code [A-Za-z0-9:._@/-]}). */
    static String keyPart(String s) {
        return KEY_UNSAFE.matcher(s).replaceAll("-");
    }

    /** {@code {"source": {"kind": kind}}}, for the reader to fill in. */
    static ObjectNode sessionMetadata(String kind, ObjectNode source) {
        ObjectNode meta = Json.object();
        source.put("kind", kind);
        meta.set("source", source);
        return meta;
    }

    static void putIfText(ObjectNode to, String name, String value) {
        if (value != null && !value.isBlank()) to.put(name, value);
    }
}
