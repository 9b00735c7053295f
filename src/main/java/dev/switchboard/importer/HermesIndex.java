package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * hermes' gateway routing index, {@code sessions/sessions.json} (session_key → entry; FORMATS.md §3.2): which
 * routing key a session id belongs to, for schemas and legacy files that don't say. It holds only the current
 * session per key, may be stale, and may start with a UTF-8 BOM; a broken one is ignored.
 */
final class HermesIndex {
    private static final long MAX_INDEX = 64L << 20;

    private HermesIndex() {}

    /** session id → entry (with its {@code session_key}). */
    static Map<String, JsonNode> of(Path profileHome) {
        Path file = profileHome.resolve("sessions/sessions.json");
        var out = new HashMap<String, JsonNode>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_INDEX) return out;
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || !root.isObject()) return out;
            root.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.path("session_id").isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) v).put("session_key", v.path("session_key").asText(e.getKey()));
                    out.put(v.path("session_id").asText(), v);
                }
            });
        } catch (IOException | ClassCastException e) {
            return out; // routing names are optional: sessions keep their ids
        }
        return out;
    }

    static Map<String, String> keys(Map<String, JsonNode> index) {
        var out = new HashMap<String, String>();
        index.forEach((id, e) -> out.put(id, e.path("session_key").asText()));
        return out;
    }
}
