package dev.switchboard.run;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * What {@code POST …/runs} may set for one run, beside its input (shown as fields of the run).
 *
 * @param workdir        the run's working directory (a process agent's, inside its {@code workdir_root}); null: the agent's
 * @param timeoutSeconds stop the run after this long; null: the agent's {@code timeout_seconds}
 * @param metadata       JSON object the caller finds the run by later (mission, branch, created_by, …)
 * @param expectsReport  relative path (in the workdir) of the file a process run must write before exiting 0
 */
public record RunOptions(String workdir, Integer timeoutSeconds, @JsonRawValue String metadata, String expectsReport) {
    public static final RunOptions NONE = new RunOptions(null, null, "{}", null);

    public RunOptions {
        if (metadata == null) metadata = "{}";
    }
}
