package dev.switchboard.run;

import dev.switchboard.auth.Caller;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Persistence of runs. Queue order within a session is {@code priority DESC, created_at, id}. */
public interface RunStore {
    void insert(Tx tx, Run run) throws SQLException;

    /** Writes every mutable column of {@code run} (status, times, supervision state). */
    void update(Tx tx, Run run) throws SQLException;

    /** Sets {@code last_activity_at}: the run produced output at {@code atMillis}. */
    void touchActivity(Tx tx, String id, long atMillis) throws SQLException;

    Optional<Run> find(Tx tx, String id) throws SQLException;

    /** The session's queued and running runs: the running one first, then the queue in order. */
    List<Run> active(Tx tx, String key) throws SQLException;

    /** Newest first. */
    Page<Run> listForSession(Tx tx, String key, RunQuery query) throws SQLException;

    /** Every run matching {@code query} whose session is inside {@code caller}'s grants, newest first. */
    Page<Run> list(Tx tx, RunQuery query, Caller caller) throws SQLException;

    /**
     * Writes the session's {@code active_run} ({@code {id, status, agent, started_at}} of its running run, else of
     * the head of its queue, else null) in {@code tx}: called by every write that queues, starts or ends a run.
     */
    void refreshActiveRun(Tx tx, String key) throws SQLException;

    /** Sessions with a queued or running run (start-up: their queues resume). */
    List<String> keysWithActiveRuns(Tx tx) throws SQLException;

    /** Every run in {@code status} (start-up reconciliation). */
    List<Run> withStatus(Tx tx, RunStatus status) throws SQLException;
}
