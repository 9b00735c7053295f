package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write connection under explicit transaction control (JDBC auto-commit on, {@code BEGIN}/
 * {@code COMMIT} issued here): see {@link GroupCommitWriter} for why sqlite-jdbc's own handling can't be trusted
 * after SQLite rolled a transaction back by itself.
 */
final class WriteConnection {
    private static final Logger log = LoggerFactory.getLogger(WriteConnection.class);

    private final Connection connection;
    private final Statement control;
    private final String begin;
    /**
     * Every unit of every batch runs between these two: prepared once, not parsed again per unit (a plain
     * {@code Statement.execute} compiles the SQL each time, a few percent of the writer's time at ~15 units a batch).
     */
    private final PreparedStatement savepoint;
    private final PreparedStatement release;

    /** @param begin the statement that begins a transaction ({@code BEGIN IMMEDIATE} on SQLite, {@code BEGIN}) */
    WriteConnection(Connection connection, String begin) throws SQLException {
        connection.setAutoCommit(true);
        this.connection = connection;
        this.control = connection.createStatement();
        this.begin = begin;
        this.savepoint = connection.prepareStatement("SAVEPOINT unit");
        this.release = connection.prepareStatement("RELEASE unit");
    }

    /** For what a store runs around each batch (a lock, a notification). */
    Statement control() {
        return control;
    }

    Connection jdbc() {
        return connection;
    }

    /**
     * Starts the batch's transaction. If one is somehow still open (a failure path that could not roll back),
     * it is rolled back first: a batch never continues a transaction it did not begin.
     */
    void begin() throws SQLException {
        try {
            control.execute(begin);
        } catch (SQLException stillInTransaction) {
            rollbackQuietly();
            control.execute(begin);
        }
    }

    void savepoint() throws SQLException {
        savepoint.execute();
    }

    void release() throws SQLException {
        release.execute();
    }

    /** Undoes one unit; throws when the transaction is gone (the caller then fails the whole batch). */
    void rollbackToSavepoint() throws SQLException {
        control.execute("ROLLBACK TO unit");
        control.execute("RELEASE unit");
    }

    void commit() throws SQLException {
        control.execute("COMMIT");
    }

    /** Rolls back whatever is open; "no transaction is active" (SQLite already rolled back) is the expected case. */
    void rollbackQuietly() {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            log.debug("rollback after a failed batch: {}", alreadyRolledBack.getMessage());
        }
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing write connection: {}", e.getMessage());
        }
    }
}
