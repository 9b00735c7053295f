package dev.switchboard.importer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the follower keeps its {@link FileMark}s: the server's database ({@code import_files}), so a restart
 * skips files that did not change; or memory, for the CLI's {@code --follow}. Written after a file's appends,
 * so after a crash a mark can only be behind the transcript, never ahead of it.
 */
public interface ImportMarks {
    Map<String, FileMark> load(String sourceId);

    void save(String sourceId, FileMark mark);

    /** Marks that live as long as the process. */
    static ImportMarks inMemory() {
        var all = new ConcurrentHashMap<String, Map<String, FileMark>>();
        return new ImportMarks() {
            @Override
            public Map<String, FileMark> load(String sourceId) {
                return Map.copyOf(all.getOrDefault(sourceId, Map.of()));
            }

            @Override
            public void save(String sourceId, FileMark mark) {
                all.computeIfAbsent(sourceId, s -> new ConcurrentHashMap<>()).put(mark.path(), mark);
            }
        };
    }
}
