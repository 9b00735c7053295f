package dev.switchboard.stats;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.event.EventStore;
import dev.switchboard.store.Database;

/** {@code GET /v1/stats}: one read snapshot, so the numbers agree with each other. */
public final class StatsService {
    private final Database db;
    private final StatsStore store;
    private final EventStore events;

    public StatsService(Database db, StatsStore store, EventStore events) {
        this.db = db;
        this.store = store;
        this.events = events;
    }

    public Stats get(Caller caller) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> {
            var byStatus = store.sessionsBy(tx, "status", caller);
            var sessions = new Stats.SessionCounts(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus,
                    store.sessionsBy(tx, "channel", caller), store.sessionsBy(tx, "agent", caller));
            var runsByStatus = store.runsByStatus(tx, caller);
            var runs = new Stats.RunCounts(runsByStatus.values().stream().mapToLong(Long::longValue).sum(), runsByStatus);
            return new Stats(sessions, runs, store.messages(tx, caller), store.events(tx, caller), events.head(tx));
        });
    }
}
