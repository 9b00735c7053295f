package dev.switchboard.context;

import dev.switchboard.store.Tx;
import dev.switchboard.transcript.SizedMessage;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads messages with their token estimates. Every method is an index range or point lookup on
 * {@code (instance, seq)}: a context costs the tail it returns, never a scan of the transcript.
 */
public interface ContextStore {
    /** An instance's last seq and the running token total through it (both 0 for an empty instance). */
    record InstanceTail(long lastSeq, long tokensThrough) {}

    InstanceTail tail(Tx tx, String instanceId) throws SQLException;

    /** The running token total through {@code seq} (0 for {@code seq < 1}). */
    long tokensThrough(Tx tx, String instanceId, long seq) throws SQLException;

    /** Messages with {@code fromSeq <= seq < beforeSeq}, newest first, at most {@code limit}. */
    List<SizedMessage> newestFirst(Tx tx, String instanceId, long fromSeq, long beforeSeq, int limit) throws SQLException;

    /** Messages with {@code fromSeq <= seq <= toSeq}, oldest first, at most {@code limit}. */
    List<SizedMessage> range(Tx tx, String instanceId, long fromSeq, long toSeq, int limit) throws SQLException;
}
