package dev.switchboard.session;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Persistence behind the session lifecycle: instances, the active-run rule, sweeper candidates. */
public interface LifecycleStore {
    /** Adds an empty instance of {@code key}; the session row is pointed at it separately. */
    void insertInstance(Tx tx, String instanceId, String key, long createdAtMillis) throws SQLException;

    /** The instance {@code instanceId} if it belongs to {@code key}. */
    Optional<Instance> findInstance(Tx tx, String key, String instanceId, String currentId) throws SQLException;

    /** The key of the session instance {@code instanceId} belongs to. */
    Optional<String> keyOfInstance(Tx tx, String instanceId) throws SQLException;

    /**
     * Instances of {@code key}, newest first when {@code descending}, strictly after the keyset position
     * {@code (afterCreatedAt, afterId)} when given.
     */
    List<Instance> listInstances(Tx tx, String key, String currentId, boolean descending, Long afterCreatedAt,
                                 String afterId, int limit) throws SQLException;

    /** Whether a run of this session is queued or running (then resets and the sweeper leave it alone). */
    boolean runActive(Tx tx, String key) throws SQLException;

    /**
     * Sessions with one of {@code statuses} last seen before {@code seenBeforeMillis} and no active run,
     * oldest first, at most {@code limit}.
     */
    List<Session> sweepCandidates(Tx tx, List<String> statuses, long seenBeforeMillis, int limit) throws SQLException;
}
