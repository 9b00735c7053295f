package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Thread names from {@code ~/.codex/session_index.jsonl} (an append-only log of {@code {id, thread_name,
 * updated_at}}, newest wins), read again only when the file changed. Only the id → name map is kept.
 */
final class CodexThreadNames {
    private Path file;
    private long size = -1;
    private FileTime modified;
    private Map<String, String> names = Map.of();

    /** The name of the rollout's thread, or null. */
    synchronized String of(Path rollout) {
        Path index = indexFor(rollout);
        if (index == null) return null;
        String id = CodexReader.keyOf(rollout).substring("codex:".length());
        try {
            long s = Files.size(index);
            FileTime m = Files.getLastModifiedTime(index);
            if (!index.equals(file) || s != size || !m.equals(modified)) load(index, s, m);
        } catch (IOException e) {
            return null; // names are decoration; the import goes on without them
        }
        return names.get(id);
    }

    private void load(Path index, long s, FileTime m) throws IOException {
        var map = new HashMap<String, String>();
        JsonLines.read(index, 0, 1, (n, off, b, st, len) -> {
            try {
                ObjectNode line = JsonLines.parse(b, st, len).node();
                if (line.path("id").isTextual() && line.path("thread_name").isTextual()) {
                    map.put(line.path("id").asText(), line.path("thread_name").asText());
                }
            } catch (JsonLines.BadLine ignored) {
                // a broken index line costs one name
            }
            return true;
        }, (n, off, len) -> { });
        file = index;
        size = s;
        modified = m;
        names = map;
    }

    /** {@code <codex home>/session_index.jsonl}, the home being the directory holding {@code sessions/}. */
    private static Path indexFor(Path rollout) {
        for (Path p = rollout.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("sessions") && p.getParent() != null) {
                Path index = p.getParent().resolve("session_index.jsonl");
                return Files.isRegularFile(index) ? index : null;
            }
        }
        return null;
    }
}
