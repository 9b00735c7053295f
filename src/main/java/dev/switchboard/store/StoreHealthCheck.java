package dev.switchboard.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readiness of a store with a {@link GroupCommitWriter}: reachable and migrated (one read of Flyway's history), and
 * writable (the writer's health). While writes are failing it tries one real write — the {@code store_probe} row,
 * rewritten with a new value, since a write that changes nothing commits even on a full disk — at most once a second,
 * so that recovery is noticed without client traffic.
 */
public final class StoreHealthCheck {
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Database db;
    private final GroupCommitWriter writer;
    private final String where;
    private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_EVERY_NANOS);

    /** @param where what an operator reads the detail about (the file; the database URL without its password) */
    public StoreHealthCheck(Database db, GroupCommitWriter writer, String where) {
        this.db = db;
        this.writer = writer;
        this.where = where;
    }

    public StoreHealth check(boolean closed) {
        if (closed || !writer.alive()) return new StoreHealth(false, false, false, "the store is closed");
        boolean migrated;
        try {
            migrated = db.read(tx -> tx.one("SELECT count(*) FROM flyway_schema_history WHERE NOT success",
                    rs -> rs.getLong(1) == 0).orElse(false));
        } catch (RuntimeException e) {
            return new StoreHealth(false, false, false, "the database at " + where + " can't be read: " + e.getMessage());
        }
        if (!migrated) return new StoreHealth(true, false, false, "a migration of " + where + " failed");
        if (writer.health().failure() != null) probeWrite();
        var failure = writer.health().failure();
        if (failure != null) return new StoreHealth(true, true, false, "writes to " + where + " fail: " + failure.detail());
        return new StoreHealth(true, true, true, null);
    }

    private void probeWrite() {
        long now = System.nanoTime();
        long last = lastProbe.get();
        if (now - last < PROBE_EVERY_NANOS || !lastProbe.compareAndSet(last, now)) return;
        try {
            db.write(tx -> tx.update("UPDATE store_probe SET probed_at = ? WHERE id = 1", System.currentTimeMillis()));
        } catch (StoreException stillFailing) {
            // the writer's health already says why
        }
    }
}
