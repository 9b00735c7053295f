package dev.switchboard.health;

import dev.switchboard.store.Database;

/** Readiness of this node for a load balancer or an orchestrator: the store is reachable and migrated. */
public final class HealthService {
    private final Database db;

    public HealthService(Database db) {
        this.db = db;
    }

    public Readiness readiness() {
        if (db.ready()) return new Readiness(true, db.kind(), null);
        return new Readiness(false, db.kind(), "the store is not reachable or not migrated");
    }
}
