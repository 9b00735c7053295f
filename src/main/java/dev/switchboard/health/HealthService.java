package dev.switchboard.health;

import dev.switchboard.store.Database;

/**
 * Readiness of this node for a load balancer or an orchestrator: start-up is complete (the first-start admin token
 * is written) and the store is reachable, migrated and writable.
 */
public final class HealthService {
    private final Database db;
    /**
     * False while the server finishes starting: HTTP serves before the first admin token is written (a start that fails
     * on a taken port must not use the token up), and a script that reads admin.token once /readyz says ready must find it.
     */
    private volatile boolean started;

    public HealthService(Database db) {
        this.db = db;
    }

    /** Start-up is complete: from now on readiness is the store's. */
    public void markStarted() {
        started = true;
    }

    public Readiness readiness() {
        if (!started) return new Readiness(false, db.kind(), "starting: not every start-up step is done yet");
        var h = db.health();
        return new Readiness(h.ready(), db.kind(), h.detail());
    }
}
