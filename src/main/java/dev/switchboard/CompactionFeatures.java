package dev.switchboard;

import dev.switchboard.compaction.AutoCompaction;
import dev.switchboard.compaction.CheckpointBranch;
import dev.switchboard.compaction.CheckpointHistory;
import dev.switchboard.compaction.CompactionService;
import dev.switchboard.context.ContextService;

/** Compaction (checkpoints, summaries, automatic compaction) and the context endpoint. */
record CompactionFeatures(CompactionService compactions, CheckpointHistory history, CheckpointBranch branches,
                          AutoCompaction auto, ContextService contexts) implements AutoCloseable {

    static CompactionFeatures wire(Core c, SessionFeatures s, RunFeatures r) {
        var db = c.db();
        var checkpoints = c.stores().checkpoints();
        var compactions = new CompactionService(db, checkpoints, c.stores().contexts(), s.sessions(), s.lifecycle(),
                c.events(), r.agentCall(), c.config().compaction(), c.config().limits().maxMessageChars(),
                c.config().dataDir(), c.metrics(), c.clock());
        return new CompactionFeatures(compactions,
                new CheckpointHistory(db, checkpoints, s.sessions(), s.transcripts(), compactions),
                new CheckpointBranch(db, checkpoints, c.stores().contexts(), s.sessions(), s.transcripts()),
                new AutoCompaction(db, checkpoints, compactions, c.config().compaction(), c.events().hub(), c.clock()),
                new ContextService(db, r.contexts(), s.sessions()));
    }

    /** Stops automatic checks, then summaries (recorded failed: the server shut down), before the store closes. */
    @Override
    public void close() {
        try {
            auto.close();
        } finally {
            compactions.close();
        }
    }
}
