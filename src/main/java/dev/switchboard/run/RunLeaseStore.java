package dev.switchboard.run;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Which node executes each running run, and until when its lease holds (see {@link RunOwnership}). */
public interface RunLeaseStore {
    /** One run's owner and the end of its lease (epoch milliseconds). */
    record Lease(String runId, String node, long untilMillis) {}

    /** Records {@code node} as the owner of {@code runId} until {@code untilMillis}, replacing any earlier lease. */
    void claim(Tx tx, String runId, String node, long untilMillis) throws SQLException;

    /** Extends every lease {@code node} holds on a running run; forgets its leases on runs that ended. */
    void renew(Tx tx, String node, long untilMillis) throws SQLException;

    Optional<Lease> find(Tx tx, String runId) throws SQLException;

    /** Leases on runs still {@code running} that ended before {@code nowMillis}: their owner stopped renewing. */
    List<Lease> expired(Tx tx, long nowMillis) throws SQLException;
}
