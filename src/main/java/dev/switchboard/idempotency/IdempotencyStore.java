package dev.switchboard.idempotency;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/** Stored responses of {@code Idempotency-Key} requests, scoped by the token that made them. */
public interface IdempotencyStore {
    record Stored(String requestHash, int status, String headersJson, String body) {}

    /** Stores a response; {@code sessionKey} is the session it is about (null for none), so a purge finds it. */

    Optional<Stored> find(Tx tx, String principal, String key, long notBeforeMillis) throws SQLException;

    void save(Tx tx, String principal, String key, Stored response, String sessionKey, long atMillis) throws SQLException;

    /** Deletes records older than {@code beforeMillis}; returns how many. */
    int prune(Tx tx, long beforeMillis) throws SQLException;
}
