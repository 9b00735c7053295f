package dev.switchboard.mcp.tools;

import dev.switchboard.run.Run;
import dev.switchboard.run.RunService;

/** {@code get_run}: {@code GET /v1/runs/{id}}. */
final class GetRun implements Tool {
    private final RunService runs;

    GetRun(RunService runs) {
        this.runs = runs;
    }

    @Override public String name() { return "get_run"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        String id = call.args().requiredString("id", 64);
        call.args().check();
        Run r = runs.get(call.caller(), id);
        return ToolResult.of(r, Texts.run(r));
    }
}
