package dev.switchboard.mcp.tools;

import dev.switchboard.compaction.Checkpoint;
import dev.switchboard.compaction.CompactionService;

/** {@code compact_session}: {@code POST /v1/sessions/{key}/compact} — a checkpoint; the transcript itself stays. */
final class CompactSession implements Tool {
    private final CompactionService compactions;

    CompactSession(CompactionService compactions) {
        this.compactions = compactions;
    }

    @Override public String name() { return "compact_session"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        Checkpoint cp = compactions.compact(call.caller(), key, call.body("key"));
        return ToolResult.of(cp, "checkpoint " + cp.id() + " of " + key + ": " + cp.strategy() + ", "
                + cp.status().name().toLowerCase(java.util.Locale.ROOT)
                + (cp.error() == null ? "" : " (" + cp.error() + ")"));
    }
}
