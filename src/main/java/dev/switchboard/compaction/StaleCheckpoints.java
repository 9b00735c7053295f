package dev.switchboard.compaction;

import dev.switchboard.archive.TailArchive;
import dev.switchboard.session.Session;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/**
 * What undo, run rollbacks and rewrites do to checkpoints ({@link TailArchive} calls this inside the transaction
 * that removes the messages after {@code afterSeq}): a checkpoint covering any removed message is marked
 * {@code stale} — its summary describes messages that are gone — and, if the active one was among them, the newest
 * earlier checkpoint that still covers only remaining messages becomes active again (or none: the context is then
 * the whole remaining transcript). A checkpoint that covers none of them is untouched: only the messages it kept
 * were removed. A running compaction over removed messages fails when it ends ({@link CheckpointWrites}).
 */
public final class StaleCheckpoints implements TailArchive.RemovalListener {
    private final CheckpointStore checkpoints;

    public StaleCheckpoints(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public List<String> removed(Tx tx, Session session, long afterSeq) throws SQLException {
        List<String> stale = checkpoints.markStale(tx, session.id(), afterSeq);
        if (!stale.isEmpty()) CheckpointWrites.promoteIfNone(tx, checkpoints, session.id(), null);
        return stale;
    }
}
