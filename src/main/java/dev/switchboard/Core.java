package dev.switchboard;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventFeed;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventLog;
import dev.switchboard.store.ClusterBus;
import dev.switchboard.store.ClusterDuties;
import dev.switchboard.store.Database;
import dev.switchboard.store.LocalBus;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.jdbc.LifecycleStores;
import dev.switchboard.store.jdbc.Stores;
import dev.switchboard.store.postgres.PostgresBus;
import dev.switchboard.store.postgres.PostgresDatabase;
import dev.switchboard.store.postgres.PostgresDuties;
import dev.switchboard.store.postgres.PostgresStores;
import dev.switchboard.store.postgres.PostgresUrl;
import dev.switchboard.store.sqlite.SqliteDatabase;
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
 * What every feature is built on: configuration, the clock, metrics, the store with its feature stores, the event
 * log, and the cluster's bus and duties. The one place that knows which store runs: SQLite (one node; the writer feeds
 * live events, the process is the cluster) or PostgreSQL (any number of nodes; live events are fed from the log,
 * messages go over LISTEN/NOTIFY, duties are advisory locks). {@link #close} releases it in reverse (the store drains
 * its queued writes first, then live event dispatch delivers what the last commits handed over).
 */
record Core(SwitchboardConfig config, Clock clock, PrometheusMeterRegistry metrics, Database db, Stores stores,
            LifecycleStores more, EventLog events, ClusterBus bus, ClusterDuties duties, String node,
            AutoCloseable feed) implements AutoCloseable {

    /** Readers: enough for both cores to stay busy while others wait on I/O; readers never block the writer. */
    private static final int READERS = 8;

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
        String node = NodeId.of(config.dataDir());
        var hub = new EventHub();
        hub.bindTo(metrics);
        if (!config.store().postgres()) {
            var db = new SqliteDatabase(config.sqliteFile(), READERS, metrics);
            var stores = SqliteStores.open();
            return new Core(config, clock, metrics, db, stores, SqliteStores.lifecycle(), new EventLog(stores.events(), hub),
                    new LocalBus(), ClusterDuties.SINGLE_NODE, node, null);
        }
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(config.store().url(), System.getenv("PGPASSWORD"), config.store().passwordFile());
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage(), null, false);
        }
        var db = new PostgresDatabase(url, node, READERS, metrics);
        var stores = PostgresStores.open();
        var feed = new EventFeed(db, stores.events(), hub);
        var bus = new PostgresBus(db);
        bus.subscribe("events", ignored -> feed.wake());
        bus.onResync(feed::wake);
        return new Core(config, clock, metrics, db, stores, PostgresStores.lifecycle(),
                new EventLog(stores.events(), hub, feed), bus, new PostgresDuties(db), node, feed);
    }

    @Override
    public void close() {
        try {
            bus.close();
            duties.close();
            db.close();
            if (feed != null) feed.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the store failed", e);
        } finally {
            events.hub().close(); // after the writer: it delivers what the last commits handed over, then stops
            metrics.close();
        }
    }
}
