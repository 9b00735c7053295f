package dev.switchboard.compaction;

import dev.switchboard.context.ContextCheckpoint;
import dev.switchboard.context.ContextCheckpoints;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of checkpoints; also what the context reads of them ({@link ContextCheckpoints}). */
public interface CheckpointStore extends ContextCheckpoints {
    void insert(Tx tx, Checkpoint c) throws SQLException;

    /** Writes every mutable column (status, range, summary, tokens, error, pid, completion). */
    void update(Tx tx, Checkpoint c) throws SQLException;

    Optional<Checkpoint> find(Tx tx, String id) throws SQLException;

    /** The instance's active checkpoint (at most one). */
    Optional<Checkpoint> current(Tx tx, String instanceId) throws SQLException;

    @Override
    default Optional<ContextCheckpoint> active(Tx tx, String instanceId) throws SQLException {
        return current(tx, instanceId).map(Checkpoint::view);
    }

    /** The checkpoints of {@code key}'s instance newest first, older than {@code beforeId} when given. */
    List<Checkpoint> list(Tx tx, String key, String instanceId, String beforeId, int limit) throws SQLException;

    /** Every checkpoint still {@code running} (for reconciliation). */
    List<Checkpoint> running(Tx tx) throws SQLException;

    /** The instance's automatic checkpoints, newest first (for the backoff rule). */
    List<Checkpoint> recentAuto(Tx tx, String instanceId, int limit) throws SQLException;

    /** Sets {@code status} on the instance's checkpoints in {@code from} with {@code id >= fromId}; returns their ids. */
    List<String> setStatusFrom(Tx tx, String instanceId, String fromId, List<CheckpointStatus> from, CheckpointStatus to)
            throws SQLException;

    /** Marks the instance's active and superseded checkpoints covering a seq above {@code afterSeq} stale; their ids. */
    List<String> markStale(Tx tx, String instanceId, long afterSeq) throws SQLException;

    /** The newest superseded checkpoint of the instance older than {@code beforeId} (null: any). */
    Optional<Checkpoint> newestSuperseded(Tx tx, String instanceId, String beforeId) throws SQLException;

    /** What the automatic rules measure of a session's current context. */
    record ContextSize(String key, String instanceId, long lastSeq, long messages, long tokens, Instant oldest) {}

    /**
     * Context sizes of sessions with keys after {@code afterKey} in key order, not ended, not compacting, with at
     * least {@code minLastSeq} messages: a page of the automatic check's sweep.
     */
    List<ContextSize> contextSizes(Tx tx, String afterKey, long minLastSeq, int limit) throws SQLException;

    Optional<ContextSize> contextSize(Tx tx, String key) throws SQLException;
}
