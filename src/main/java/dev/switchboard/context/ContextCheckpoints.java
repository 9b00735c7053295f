package dev.switchboard.context;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/** Reads the checkpoint the context of an instance starts from (implemented by the compaction feature's store). */
public interface ContextCheckpoints {
    /** The instance's active checkpoint (at most one), if any. */
    Optional<ContextCheckpoint> active(Tx tx, String instanceId) throws SQLException;
}
