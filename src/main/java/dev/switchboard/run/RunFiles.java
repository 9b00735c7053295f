package dev.switchboard.run;

import dev.switchboard.files.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a run keeps its files: {@code <data>/runs/<run-id>/} (a process run's stdout and stderr logs). */
public final class RunFiles {
    private static final Logger log = LoggerFactory.getLogger(RunFiles.class);

    private RunFiles() {}

    public static Path runDir(Path dataDir, String runId) {
        return dataDir.resolve("runs").resolve(runId);
    }

    /** Deletes the run directories (logs) of {@code runIds}; used when a session is purged. */
    public static void eraseRunDirs(Path dataDir, List<String> runIds) {
        for (String id : runIds) {
            Path dir = runDir(dataDir, id);
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                log.warn("run {}: could not erase its files in {}: {}", id, dir, e.toString());
            }
        }
    }
}
