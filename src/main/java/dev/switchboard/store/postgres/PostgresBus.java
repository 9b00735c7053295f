package dev.switchboard.store.postgres;

import dev.switchboard.store.ClusterBus;
import dev.switchboard.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterBus} over PostgreSQL's LISTEN/NOTIFY. {@link #publish} is {@code pg_notify} inside the write
 * transaction, which PostgreSQL delivers to every listening session, this node's included, when (and only if) it
 * commits. One connection of its own listens on a channel per topic ({@code switchboard_<topic>}); its thread waits
 * for notifications at most {@link #POLL_MS} at a time, so closing and new topics take effect promptly.
 *
 * <p>While that connection is down nothing is delivered, so after every (re)connect the {@link #onResync} actions run:
 * caches clear, the event feed reads the table. A missed notification costs latency, never data.
 */
public final class PostgresBus implements ClusterBus {
    private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
    private static final int POLL_MS = 500;
    /** Between attempts to reconnect: no storm against a database that is restarting. */
    private static final long RETRY_MS = 1_000;

    private final PostgresDatabase db;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> resync = new CopyOnWriteArrayList<>();
    private final Thread thread = Thread.ofPlatform().name("postgres-listen").daemon(true).unstarted(this::listen);
    private volatile boolean closed;

    public PostgresBus(PostgresDatabase db) {
        this.db = db;
    }

    static String channel(String topic) {
        return "switchboard_" + topic;
    }

    @Override
    public void publish(Tx tx, String topic, String payload) throws SQLException {
        tx.one("SELECT pg_notify(?, ?)", rs -> Boolean.TRUE, channel(topic), payload);
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void onResync(Runnable action) {
        resync.add(action);
    }

    @Override
    public synchronized void start() {
        if (!thread.isAlive() && !closed) thread.start();
    }

    private void listen() {
        while (!closed) {
            try (Connection c = db.connect(true)) {
                var listening = new java.util.HashSet<String>();
                listenTo(c, listening);
                resync.forEach(PostgresBus::runQuietly); // anything sent before this connection listened is missed
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] got = pg.getNotifications(POLL_MS);
                    if (got != null) for (PGNotification n : got) deliver(n);
                    if (listening.size() < listeners.size()) listenTo(c, listening);
                }
            } catch (SQLException e) {
                if (closed) return;
                log.warn("listening for cluster messages failed ({}); reconnecting in {} ms", e.getMessage(), RETRY_MS);
                try {
                    Thread.sleep(RETRY_MS); // a pause between reconnect attempts, not synchronisation
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void listenTo(Connection c, Set<String> listening) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String topic : listeners.keySet()) {
                if (listening.add(topic)) s.execute("LISTEN " + channel(topic));
            }
        }
    }

    private void deliver(PGNotification n) {
        String topic = n.getName().substring("switchboard_".length());
        for (Consumer<String> l : listeners.getOrDefault(topic, List.of())) {
            try {
                l.accept(n.getParameter());
            } catch (RuntimeException e) {
                log.error("cluster message listener for {} failed", topic, e);
            }
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("resync after reconnecting failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(POLL_MS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
