package dev.switchboard.store.postgres;

import dev.switchboard.store.ClusterDuties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster duties as PostgreSQL session-level advisory locks, held by one connection of this node's. A duty is this
 * node's from the {@code pg_try_advisory_lock} that took it until that connection ends: when the node dies (or its
 * connection is cut) the server releases the lock, and the next node to ask takes the duty over. Every call checks
 * the connection first, so a node that lost it stops doing the duty at its next period.
 */
public final class PostgresDuties implements ClusterDuties {
    private static final Logger log = LoggerFactory.getLogger(PostgresDuties.class);

    private final PostgresDatabase db;
    private final Set<String> held = new HashSet<>();
    private Connection connection;

    public PostgresDuties(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public synchronized boolean holds(String duty) {
        try {
            if (connection == null || !connection.isValid(2)) reconnect();
            if (held.contains(duty)) return true;
            boolean taken;
            try (var ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key(duty));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (taken) {
                held.add(duty);
                log.info("this node took over the cluster duty '{}'", duty);
            }
            return taken;
        } catch (SQLException e) {
            log.warn("cluster duty '{}': the store is unreachable ({}); not doing it", duty, e.getMessage());
            dropConnection();
            return false;
        }
    }

    private void reconnect() throws SQLException {
        dropConnection();
        connection = db.connect(true);
    }

    private void dropConnection() {
        if (!held.isEmpty()) log.warn("lost the cluster duties {} with the connection that held them", held);
        held.clear();
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // broken already
        }
        connection = null;
    }

    /** A 64-bit advisory-lock key per duty name, from its SHA-256 (never the cluster write lock's key). */
    public static long key(String duty) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("switchboard duty " + duty).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (h[i] & 0xFF);
            return k == PostgresDatabase.WRITE_LOCK ? k + 1 : k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        dropConnection();
    }
}
