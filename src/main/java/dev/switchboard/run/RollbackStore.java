package dev.switchboard.run;

import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import java.sql.SQLException;

/** Moves a transcript's tail into {@code run_archived_messages}. */
public interface RollbackStore {
    /** What a move took out of the transcript. */
    record Removed(int count, UsageTotals usage) {}

    /** Moves every message of {@code instanceId} with {@code seq > afterSeq} to the archive. */
    Removed moveAfter(Tx tx, String instanceId, long afterSeq, String reason, String runId, long atMillis) throws SQLException;
}
