package dev.switchboard.run;

import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node executes a run. The node that starts a run records itself as its owner with a lease ({@link #claim}, in
 * the transaction that makes the run {@code running}); every node renews the leases it holds every third of the lease
 * time ({@link #renew}). A run is driven only by its owner: another node's lane for the session leaves a run alone
 * ({@link #ownedElsewhere}), and once it has lapsed (the owner died, or lost the database for
 * longer than a lease) the node holding the reconciliation duty marks the run lost and carries on with the
 * session's queue (the supervisor's {@code reconcileLapsed}). With SQLite there is one node: it owns every run.
 *
 * <p>Why a lease and not a lock held by the owner's connection: a run outlives connections (a database failover)
 * and a restarted node re-attaches the processes it owned, so ownership is data, with an expiry every node can read.
 */
public final class RunOwnership {
    private static final Logger log = LoggerFactory.getLogger(RunOwnership.class);

    private final Database db;
    private final RunLeaseStore store;
    private final String node;
    private final Duration lease;
    private final Clock clock;

    public RunOwnership(Database db, RunLeaseStore store, String node, Duration lease, Clock clock) {
        this.db = db;
        this.store = store;
        this.node = node;
        this.lease = lease;
        this.clock = clock;
    }

    public String node() {
        return node;
    }

    /** How often {@link #renew} must run: three renewals per lease, so one missed renewal costs nothing. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }

    /** Makes this node the owner of {@code runId} (starting it, or re-attaching it after a restart). */
    void claim(Tx tx, String runId) throws SQLException {
        store.claim(tx, runId, node, clock.millis() + lease.toMillis());
    }

    /** Extends this node's leases: the heartbeat every node runs. */
    public void renew() {
        db.write(tx -> {
            store.renew(tx, node, clock.millis() + lease.toMillis());
            return null;
        });
    }

    /**
     * Whether {@code run} is another node's: this node must leave it alone, while the lease holds because its owner
     * drives it, and after the lease lapsed because the reconciliation duty ends it (with the reason that says what
     * happened). Runs without a lease, or with this node's, are this node's to reconcile.
     */
    boolean ownedElsewhere(Run run) {
        return db.read(tx -> store.find(tx, run.id())).map(l -> !l.node().equals(node)).orElse(false);
    }

    /** Running runs whose owner stopped renewing (never this node's runs that are still executing here). */
    List<RunLeaseStore.Lease> lapsed() {
        var lapsed = db.read(tx -> store.expired(tx, clock.millis()));
        if (!lapsed.isEmpty()) log.warn("{} run lease(s) lapsed: {}", lapsed.size(), lapsed);
        return lapsed;
    }

    /** Why a lapsed run is lost, for its {@code error}. */
    static String lostReason(RunLeaseStore.Lease l) {
        return "node " + l.node() + " that executed the run stopped renewing its lease (it ended at "
                + java.time.Instant.ofEpochMilli(l.untilMillis()) + "): it stopped, or lost the database";
    }
}
