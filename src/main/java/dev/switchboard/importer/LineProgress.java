package dev.switchboard.importer;

import java.io.PrintStream;
import java.nio.file.Path;

/** Progress for a pipe or a log: one line per file when it is done. */
public final class LineProgress implements ImportProgress {
    private final PrintStream out;

    public LineProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void fileDone(Path file, long bytes, long messages, long rejected, String error) {
        out.println(file + ": " + (error != null ? "error: " + error
                : messages + " imported" + (rejected > 0 ? ", " + rejected + " rejected" : "") + " (" + TerminalProgress.bytes(bytes) + ")"));
        out.flush();
    }
}
