package dev.switchboard.store;

/**
 * Work that one node of a cluster does for all (the session sweeper, retention pruning, the search indexer, the
 * reconciliation of runs whose owner died): {@link #holds} says whether this node is the one, now. A duty's holder
 * keeps it until it stops or loses the store, then another node's next {@link #holds} takes it over. With SQLite there
 * is one node, and it holds every duty.
 *
 * <p>For a feature added later: run its periodic job only while {@code duties.holds("my duty")} (housekeeping's
 * {@code everyOnce} does that). Holding a duty is not a lock on data: the job's writes still go through the store's
 * write rules, so a job that briefly runs on two nodes during a takeover must be harmless (idempotent).
 */
public interface ClusterDuties extends AutoCloseable {
    /** Whether this node holds {@code duty}, taking it if nobody does. Never blocks for long; false when unsure. */
    boolean holds(String duty);

    @Override
    void close();

    /** The one-node case: every duty is this node's. */
    ClusterDuties SINGLE_NODE = new ClusterDuties() {
        @Override
        public boolean holds(String duty) {
            return true;
        }

        @Override
        public void close() {}
    };
}
