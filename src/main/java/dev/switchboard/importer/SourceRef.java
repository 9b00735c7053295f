package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;

/**
 * Where a message came from in its source, kept in the imported message's {@code metadata.source}: the stable
 * id (a Claude Code {@code uuid}, an OpenClaw entry id, a hermes rowid, or the line number for formats without
 * ids), its tree parent, its line and byte offset (or rowid), and the source's own session id where one key
 * spans several source sessions (OpenClaw and hermes resets, hermes compression).
 *
 * <p>The newest imported message's ref is where a reader continues; a reader must check that the id is still
 * at that place (a rewritten file, a rewound branch) and report a history change when it is not.
 */
public record SourceRef(String id, String parent, long line, long offset, String session) {

    public ObjectNode toJson(String kind) {
        ObjectNode n = Json.object();
        n.put("kind", kind);
        n.put("id", id);
        if (parent != null) n.put("parent", parent);
        if (line > 0) n.put("line", line);
        n.put("offset", offset);
        if (session != null) n.put("session", session);
        return n;
    }

    /** The ref stored in a message's metadata, or null when the message was not imported. */
    public static SourceRef fromMetadata(JsonNode metadata) {
        JsonNode s = metadata == null ? null : metadata.get("source");
        if (s == null || !s.isObject() || !s.path("id").isTextual()) return null;
        return new SourceRef(s.path("id").asText(), s.path("parent").asText(null), s.path("line").asLong(0),
                s.path("offset").asLong(0), s.path("session").asText(null));
    }
}
