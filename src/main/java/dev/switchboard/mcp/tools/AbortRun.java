package dev.switchboard.mcp.tools;

import dev.switchboard.run.Run;
import dev.switchboard.run.RunService;

/** {@code abort_run}: {@code POST /v1/runs/{id}/abort} (idempotent; waits a bounded time for the run to stop). */
final class AbortRun implements Tool {
    private final RunService runs;

    AbortRun(RunService runs) {
        this.runs = runs;
    }

    @Override public String name() { return "abort_run"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        String id = call.args().requiredString("id", 64);
        call.args().check();
        Run r = runs.abort(call.caller(), id, call.body("id"));
        return ToolResult.of(r, Texts.run(r));
    }
}
