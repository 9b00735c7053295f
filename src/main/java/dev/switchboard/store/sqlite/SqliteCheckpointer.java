package dev.switchboard.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import dev.switchboard.store.WriterHealth;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on a thread of its own, so the writer never does. With SQLite's
 * automatic checkpoints the commit that crosses {@code wal_autocheckpoint} pages runs the checkpoint itself —
 * two more fsyncs and the copy, inside the single writer's time, every few hundred commits under load. Here the
 * writer's automatic checkpoint is only a safety net ({@link #WRITER_SAFETY_NET_PAGES}, for when this thread
 * falls far behind) and this thread runs {@code PRAGMA wal_checkpoint(PASSIVE)} every {@link #EVERY}: a passive
 * checkpoint takes no lock a writer or reader waits for, copies what no open read snapshot still needs, and
 * SQLite restarts the WAL from its start once everything in it was copied.
 *
 * <p>Durability is unchanged: commits are durable in the WAL ({@code synchronous=FULL} fsyncs it before COMMIT
 * returns); a checkpoint syncs the WAL before copying and the database file after, on any connection.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);
    static final Duration EVERY = Duration.ofMillis(500);
    /** The writer checkpoints by itself only beyond this many WAL pages (≈ 80 MiB at 4 KiB pages). */
    static final int WRITER_SAFETY_NET_PAGES = 20_000;

    private final Connection connection;
    private final WriterHealth health;
    private final Thread thread;
    private volatile boolean closed;

    SqliteCheckpointer(Connection connection, WriterHealth health) {
        this.connection = connection;
        this.health = health;
        this.thread = Thread.ofPlatform().name("sqlite-checkpoint").daemon(true).start(this::loop);
    }

    private void loop() {
        try (Statement st = connection.createStatement()) {
            while (!closed) {
                Thread.sleep(EVERY);
                checkpoint(st);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("the checkpoint thread stopped ({}); the writer checkpoints by itself past {} WAL pages",
                    e.getMessage(), WRITER_SAFETY_NET_PAGES);
        }
    }

    private void checkpoint(Statement st) {
        try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next(); // busy, frames in the WAL, frames copied: nothing to act on, the next pass continues
            health.checkpointed();
        } catch (SQLException e) {
            // Busy (another checkpoint running) is routine; a full disk or an I/O error is the store's health.
            switch (SqliteFailures.INSTANCE.cause(e)) {
                case "disk_full" -> health.checkpointFailed(e, "the disk holding the database is full (checkpoints fail)");
                case "io_error" -> health.checkpointFailed(e, "the database could not be written (I/O error in a checkpoint)");
                default -> log.debug("passive checkpoint: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the checkpoint connection: {}", e.getMessage());
        }
    }
}
