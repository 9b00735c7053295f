package dev.switchboard.session;

import dev.switchboard.auth.Caller;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Persistence of sessions and their instances. Counters live on the instance row. */
public interface SessionStore {
    Optional<Session> find(Tx tx, String key) throws SQLException;

    /** The sessions of {@code keys} that exist, in one query (keys that don't are absent from the map). */
    Map<String, Session> findAll(Tx tx, Collection<String> keys) throws SQLException;

    /** Like {@link #find} but locks the row for the rest of a write transaction where the store needs it. */
    Optional<Session> findForUpdate(Tx tx, String key) throws SQLException;

    /** Inserts the session and its first (current) instance. */
    void insert(Tx tx, Session session) throws SQLException;

    /** Writes every mutable column of the session row (not the instance counters). */
    void update(Tx tx, Session session) throws SQLException;

    /**
     * Records activity without reading the row: {@code updated_at = last_seen_at = atMillis}, status
     * {@code active}, version + 1. For appends, which change nothing else of the session row.
     */
    void touch(Tx tx, String key, long atMillis, String lastMessage) throws SQLException;

    /** Sets {@code last_message} from the instance's newest message (null when it has none) and returns it. */
    String refreshLastMessage(Tx tx, String key, String instanceId) throws SQLException;

    /** Sets {@code agent_session_ids} from the instance's agent sessions (null when none) and returns it. */
    String refreshAgentSessionIds(Tx tx, String key, String instanceId) throws SQLException;

    /**
     * A heartbeat that changes nothing else: {@code last_seen_at} and {@code status} only, and no version bump, so an
     * agent's heartbeats never fail a client's {@code If-Match}.
     */
    void heartbeat(Tx tx, String key, long atMillis, String status) throws SQLException;

    /**
     * {@link #heartbeat} of a session still at {@code version} and not ended; false (nothing written) otherwise. The
     * caller read and checked the session before the write, off the single writer.
     */
    boolean heartbeatAt(Tx tx, String key, long version, long atMillis, String status) throws SQLException;

    /** Marks an instance ended (kept readable). */
    void endInstance(Tx tx, String instanceId, long atMillis, String reason) throws SQLException;

    /** Clears an instance's end marker when its session is revived. */
    void reopenInstance(Tx tx, String instanceId) throws SQLException;

    /** A page of sessions matching {@code query} inside {@code caller}'s grants. */
    Page<Session> list(Tx tx, SessionQuery query, Caller caller) throws SQLException;
}
