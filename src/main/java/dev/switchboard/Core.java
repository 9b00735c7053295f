package dev.switchboard;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventLog;
import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteLifecycleStores;
import dev.switchboard.store.sqlite.SqliteStores;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * What every feature is built on: configuration, the clock, metrics, the store with its feature stores, and
 * the event log. {@link #close} releases it in reverse (the store drains its queued writes first, then live
 * event dispatch delivers what the last commits handed over).
 */
record Core(SwitchboardConfig config, Clock clock, PrometheusMeterRegistry metrics, SqliteDatabase db,
            SqliteStores stores, SqliteLifecycleStores more, EventLog events) implements AutoCloseable {

    /** Readers: enough for both cores to stay busy while others wait on I/O; SQLite readers never block the writer. */
    private static final int SQLITE_READERS = 8;

    /**
     * @param clock the time source; every service sees it through a millisecond tick, because every stored and
     *     returned time has millisecond precision (API.md "Conventions"): one rounding rule, in one place, so a
     *     value read back always equals the value that was written and returned
     */
    static Core open(SwitchboardConfig config, Clock clock) {
        clock = Clock.tick(clock, Duration.ofMillis(1));
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        var db = new SqliteDatabase(config.sqliteFile(), SQLITE_READERS, metrics);
        var stores = SqliteStores.open(db);
        var hub = new EventHub();
        hub.bindTo(metrics);
        return new Core(config, clock, metrics, db, stores, SqliteLifecycleStores.open(), new EventLog(stores.events(), hub));
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            events.hub().close(); // after the writer: it delivers what the last commits handed over, then stops
            metrics.close();
        }
    }
}
