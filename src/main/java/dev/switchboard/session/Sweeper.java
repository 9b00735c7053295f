package dev.switchboard.session;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventType;
import dev.switchboard.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks silent sessions {@code idle} after {@code sessions.idle_after} and ends them with
 * {@code end_reason: "stale"} after {@code sessions.stale_after}, emitting {@code session.updated} /
 * {@code session.ended}. Sessions with a queued or running run are exempt, however long they have been
 * silent: the run is the activity.
 *
 * <p>Work is done in batches of {@link #BATCH} sessions per write transaction so a backlog (e.g. after
 * downtime) never holds the single writer for long. Only one sweep runs at a time in this process; with
 * SQLite that is the whole deployment. On PostgreSQL with several nodes, {@link #sweep} must also take a
 * cluster-wide advisory lock ({@code pg_try_advisory_lock}) so only one node sweeps.
 */
public final class Sweeper {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    /** Sessions per transaction: small enough to keep a write unit in the low milliseconds. */
    static final int BATCH = 200;
    public static final String STALE = "stale";

    /** What one sweep did; {@code skipped} when another sweep was already running. */
    public record Result(int idled, int ended, boolean skipped) {}

    private final Database db;
    private final LifecycleStore store;
    private final SessionService sessions;
    private final SwitchboardConfig.Sessions config;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public Sweeper(Database db, LifecycleStore store, SessionService sessions, SwitchboardConfig.Sessions config,
                   Clock clock) {
        this.db = db;
        this.store = store;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    public Result sweep() {
        if (!running.tryLock()) return new Result(0, 0, true);
        try {
            Instant now = clock.instant();
            // Stale first: a session past both limits is ended directly, not idled and then ended.
            int ended = pass(List.of(Session.ACTIVE, Session.IDLE), now.minus(config.staleAfter()), true, now);
            int idled = pass(List.of(Session.ACTIVE), now.minus(config.idleAfter()), false, now);
            if (ended + idled > 0) log.info("sweeper: {} sessions idle, {} ended as stale", idled, ended);
            return new Result(idled, ended, false);
        } finally {
            running.unlock();
        }
    }

    private int pass(List<String> statuses, Instant seenBefore, boolean end, Instant now) {
        int total = 0;
        while (true) {
            int done = db.write(tx -> {
                List<Session> batch = store.sweepCandidates(tx, statuses, seenBefore.toEpochMilli(), BATCH);
                for (Session s : batch) {
                    if (end) {
                        sessions.endInTx(tx, s, STALE);
                    } else {
                        Session idle = s.with(d -> {
                            d.touched(now);
                            d.status = Session.IDLE;
                        });
                        sessions.save(tx, idle);
                        sessions.emit(tx, EventType.SESSION_UPDATED, idle);
                    }
                }
                return batch.size();
            });
            total += done;
            // Each handled session leaves the candidate set, so a short batch means none are left.
            if (done < BATCH) return total;
        }
    }
}
