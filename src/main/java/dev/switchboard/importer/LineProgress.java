package dev.switchboard.importer;

import java.io.PrintStream;
import java.nio.file.Path;

/** Progress for a pipe or a log: one line per file when it is done. */
public final class LineProgress implements ImportProgress {
    private final PrintStream out;
    private final boolean changesOnly;

    /** @param changesOnly leave out files where nothing happened (following: most reads find nothing new) */
    public LineProgress(PrintStream out, boolean changesOnly) {
        this.out = out;
        this.changesOnly = changesOnly;
    }

    @Override
    public void fileDone(Path file, long bytes, long messages, long rejected, String error) {
        if (changesOnly && messages == 0 && rejected == 0 && error == null) return;
        out.println(file + ": " + (error != null ? "error: " + error
                : messages + " imported" + (rejected > 0 ? ", " + rejected + " rejected" : "") + " (" + TerminalProgress.bytes(bytes) + ")"));
        out.flush();
    }
}
