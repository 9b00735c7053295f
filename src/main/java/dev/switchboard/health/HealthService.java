package dev.switchboard.health;

import dev.switchboard.store.Database;

/** Readiness of this node for a load balancer or an orchestrator: the store is reachable, migrated and writable. */
public final class HealthService {
    private final Database db;

    public HealthService(Database db) {
        this.db = db;
    }

    public Readiness readiness() {
        var h = db.health();
        return new Readiness(h.ready(), db.kind(), h.detail());
    }
}
