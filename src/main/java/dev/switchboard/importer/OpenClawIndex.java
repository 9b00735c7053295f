package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * An agent's {@code sessions/sessions.json} (map sessionKey → SessionEntry): which routing key a transcript
 * currently belongs to, and its labels. Read again only when the file changed; a missing or broken index
 * leaves transcripts keyed by their own id.
 */
final class OpenClawIndex {
    /** One SessionEntry, reduced to what the mapping uses. */
    record Entry(String sessionKey, JsonNode entry) {}

    /** Indexes above this size are not read: sessions.json holds ≤ 500 entries by default, a few hundred KB. */
    private static final long MAX_INDEX = 64L << 20;

    private record Loaded(long size, FileTime modified, Map<String, Entry> bySession, String error) {}

    private final Map<Path, Loaded> cache = new HashMap<>();

    /** The entry naming the transcript {@code sessionId} (or file name), or null. */
    synchronized Entry of(Path sessionsDir, String sessionId, String fileName) {
        Loaded l = load(sessionsDir.resolve("sessions.json"));
        if (l == null) return null;
        Entry e = sessionId == null ? null : l.bySession.get(sessionId);
        return e != null ? e : l.bySession.get("file:" + fileName);
    }

    /** Why the index could not be read, or null. */
    synchronized String error(Path sessionsDir) {
        Loaded l = load(sessionsDir.resolve("sessions.json"));
        return l == null ? null : l.error;
    }

    private Loaded load(Path index) {
        try {
            if (!Files.isRegularFile(index)) return null;
            long size = Files.size(index);
            FileTime modified = Files.getLastModifiedTime(index);
            Loaded l = cache.get(index);
            if (l != null && l.size == size && l.modified.equals(modified)) return l;
            l = size > MAX_INDEX ? new Loaded(size, modified, Map.of(), "sessions.json is larger than 64 MiB; not read")
                    : parse(index, size, modified);
            cache.put(index, l);
            return l;
        } catch (IOException e) {
            return new Loaded(0, FileTime.fromMillis(0), Map.of(), "cannot read sessions.json: " + e.getMessage());
        }
    }

    private static Loaded parse(Path index, long size, FileTime modified) throws IOException {
        JsonNode root;
        try {
            // the Gateway rewrites this file concurrently; a half-written copy is read again next time it changes
            root = Json.MAPPER.readTree(index.toFile());
        } catch (IOException e) {
            return new Loaded(size, modified, Map.of(), "sessions.json is not valid JSON: " + e.getMessage());
        }
        var bySession = new HashMap<String, Entry>();
        if (root != null) {
            root.properties().forEach(p -> {
                JsonNode v = p.getValue();
                var e = new Entry(p.getKey(), v);
                if (v.path("sessionId").isTextual()) bySession.put(v.path("sessionId").asText(), e);
                if (v.path("sessionFile").isTextual()) {
                    bySession.put("file:" + Path.of(v.path("sessionFile").asText()).getFileName(), e);
                }
            });
        }
        return new Loaded(size, modified, bySession, null);
    }
}
