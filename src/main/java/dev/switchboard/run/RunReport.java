package dev.switchboard.run;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code expects_report}: a process run that exits 0 without having written its report file ends {@code failed}
 * ({@code "completed without its report"}), since an agent that "succeeds" without its deliverable has not. A report
 * found is copied into the run's directory, so {@code GET /v1/runs/{id}/report} answers it even after the workdir
 * moved on to the next run (and it goes with the run when the run is purged).
 */
final class RunReport {
    static final String MISSING = "completed without its report";
    /** Reports are summaries for people and orchestrators; a larger file is a mistake, not a report (no truncation). */
    static final long MAX_BYTES = 8L << 20;

    private RunReport() {}

    static Path stored(Path runDir) {
        return runDir.resolve("report");
    }

    /** The outcome of a run whose process exited 0: succeeded, or failed for a missing, escaping or oversized report. */
    static Outcome collect(AdapterRun run, String workdir, String expected) {
        if (expected == null) return new Outcome(true, 0, null);
        Path base = Path.of(workdir != null ? workdir : ".").toAbsolutePath();
        Path file = base.resolve(expected);
        try {
            if (!Files.isRegularFile(file)) return new Outcome(false, 0, MISSING + " (" + expected + ")");
            // A symlink in the workdir pointing elsewhere is not the run's report.
            if (!file.toRealPath().startsWith(base.toRealPath())) {
                return new Outcome(false, 0, MISSING + " (" + expected + " points outside the workdir)");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) return new Outcome(false, 0, "its report " + expected + " is " + size + " bytes; at most " + MAX_BYTES);
            Files.createDirectories(run.runDir());
            Files.copy(file, stored(run.runDir()), StandardCopyOption.REPLACE_EXISTING);
            return new Outcome(true, 0, null);
        } catch (IOException e) {
            return new Outcome(false, 0, "its report " + expected + " could not be read: " + e.getMessage());
        }
    }

    /** {@code GET /v1/runs/{id}/report}: the stored report; 404 when the run has none (yet). */
    static byte[] read(Path runDir, String runId) {
        Path file = stored(runDir);
        if (!Files.isRegularFile(file)) throw ProblemException.notFound("report of run " + runId);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "the report of run " + runId + " could not be read");
        }
    }
}
