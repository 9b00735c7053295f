package dev.switchboard.compaction;

import dev.switchboard.auth.SystemCaller;
import dev.switchboard.context.ContextStore;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.TokenEstimate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write rules of checkpoints, each applied inside one write transaction with its events: a checkpoint becomes
 * active (the previous one superseded, {@code checkpoint.created}); a running one ends — complete or
 * {@code failed} ({@code compaction.failed}) — and its session stops showing {@code compacting}
 * ({@code session.updated}). Because each is one transaction, a crash leaves a checkpoint either running (reconciled
 * as failed at the next start) or complete, never a summary without its checkpoint or an active checkpoint without
 * its summary.
 */
final class CheckpointWrites {
    private static final Logger log = LoggerFactory.getLogger(CheckpointWrites.class);

    private final Database db;
    private final CheckpointStore checkpoints;
    private final ContextStore messages;
    private final SessionService sessions;
    private final EventLog events;
    private final CompactionMetrics metrics;
    private final Clock clock;

    CheckpointWrites(Database db, CheckpointStore checkpoints, ContextStore messages, SessionService sessions,
                     EventLog events, CompactionMetrics metrics, Clock clock) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.messages = messages;
        this.sessions = sessions;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Makes {@code cp} (complete, status active) the instance's active checkpoint: inserted or updated. */
    Checkpoint activate(Tx tx, Checkpoint cp, boolean insert, Session s) throws SQLException {
        var previous = checkpoints.current(tx, cp.instance());
        if (previous.isPresent() && !previous.get().id().equals(cp.id())) {
            checkpoints.update(tx, previous.get().withStatus(CheckpointStatus.SUPERSEDED));
        }
        if (insert) checkpoints.insert(tx, cp);
        else checkpoints.update(tx, cp);
        emit(tx, EventType.CHECKPOINT_CREATED, s, cp.key(), cp);
        tx.afterCommit(() -> metrics.ended(cp.strategy(), cp.trigger(), true));
        return cp;
    }

    /**
     * When the instance has no active checkpoint any more (restored past, or stale), the newest superseded one older
     * than {@code beforeId} (null: any) is active again: it is what the context used before the ones after it.
     * Returns the id of the instance's active checkpoint, or null.
     */
    static String promoteIfNone(Tx tx, CheckpointStore checkpoints, String instance, String beforeId) throws SQLException {
        var current = checkpoints.current(tx, instance);
        if (current.isPresent()) return current.get().id();
        var previous = checkpoints.newestSuperseded(tx, instance, beforeId);
        if (previous.isEmpty()) return null;
        checkpoints.update(tx, previous.get().withStatus(CheckpointStatus.ACTIVE));
        return previous.get().id();
    }

    /** Records the summary of running checkpoint {@code id}; fails it instead when the transcript moved under it. */
    Checkpoint complete(String id, Summarizer.Produced produced) {
        try {
            return db.write(tx -> {
                Checkpoint cp = checkpoints.find(tx, id).orElse(null);
                if (cp == null || cp.status() != CheckpointStatus.RUNNING) return cp; // purged, or already ended
                Session s = session(tx, cp.key());
                String why = changed(tx, cp, produced.range(), s);
                if (why != null) return failInTx(tx, cp, why, s);
                long textTokens = TokenEstimate.ofText(produced.text());
                ContextStore.InstanceTail tail = messages.tail(tx, cp.instance());
                long after = textTokens + tail.tokensThrough()
                        - messages.tokensThrough(tx, cp.instance(), produced.range().firstKeptSeq() - 1);
                Checkpoint done = cp.completed(produced.range(), produced.text(), produced.usage(), textTokens, after, clock.instant());
                activate(tx, done, false, s);
                clearCompacting(tx, s, id);
                return done;
            });
        } catch (RuntimeException e) {
            log.error("compaction {}: recording the summary failed; recording the compaction as failed", id, e);
            return fail(id, "recording the summary failed: " + (e instanceof ProblemException p ? p.detail() : e.toString()));
        }
    }

    /** Ends running checkpoint {@code id} as failed, the context unchanged. Null if it no longer exists. */
    Checkpoint fail(String id, String why) {
        try {
            return db.write(tx -> {
                Checkpoint cp = checkpoints.find(tx, id).orElse(null);
                if (cp == null || cp.status() != CheckpointStatus.RUNNING) return cp;
                return failInTx(tx, cp, why, session(tx, cp.key()));
            });
        } catch (RuntimeException e) {
            // Left running: the next start (or the background check, for a checkpoint nobody executes) fails it.
            log.error("compaction {}: recording its failure ({}) failed", id, why, e);
            return null;
        }
    }

    private Checkpoint failInTx(Tx tx, Checkpoint cp, String why, Session s) throws SQLException {
        Checkpoint failed = cp.failed(why, clock.instant());
        checkpoints.update(tx, failed);
        clearCompacting(tx, s, cp.id());
        emit(tx, EventType.COMPACTION_FAILED, s, cp.key(), failed);
        tx.afterCommit(() -> metrics.ended(cp.strategy(), cp.trigger(), false));
        log.warn("compaction {} of {} failed: {}", cp.id(), cp.key(), why);
        return failed;
    }

    /** Why the summary no longer fits the transcript (null: it does). */
    private String changed(Tx tx, Checkpoint cp, Checkpoint.Range range, Session s) throws SQLException {
        if (s == null) return "the session was deleted during the compaction";
        var atTo = messages.range(tx, cp.instance(), range.toSeq(), range.toSeq(), 1);
        if (atTo.isEmpty() || !atTo.getFirst().message().id().equals(range.toId())) {
            return "messages it covers were removed during the compaction (undo, rollback or rewrite); the context is unchanged";
        }
        String active = checkpoints.current(tx, cp.instance()).map(Checkpoint::id).orElse(null);
        if (!Objects.equals(active, cp.previousId())) {
            return "the checkpoint it builds on is no longer active (restored past, or stale); the context is unchanged";
        }
        return null;
    }

    /** Marks {@code s} as compacting into {@code id} ({@code session.updated}). */
    void markCompacting(Tx tx, Session s, String id) throws SQLException {
        setCompaction(tx, s, id);
    }

    /** {@code s} is no longer compacting into {@code id} (unless it was already cleared or is another one's). */
    private void clearCompacting(Tx tx, Session s, String id) throws SQLException {
        if (s != null && id.equals(s.compactionId())) setCompaction(tx, s, null);
    }

    private void setCompaction(Tx tx, Session s, String id) throws SQLException {
        Instant now = clock.instant();
        Session changed = s.with(d -> {
            d.touched(now);
            d.compactionId = id;
        });
        sessions.save(tx, changed);
        sessions.emit(tx, EventType.SESSION_UPDATED, changed);
    }

    /** Events of a checkpoint go to its session's channel (like every event); a deleted session's to none. */
    void emit(Tx tx, EventType type, Session s, String key, Object data) throws SQLException {
        events.append(tx, type, key, s == null ? null : s.channel(), s == null ? null : s.agent(), clock.millis(), data);
    }

    Session session(Tx tx, String key) throws SQLException {
        try {
            return sessions.requireReadable(tx, SystemCaller.INSTANCE, key);
        } catch (ProblemException e) {
            return null;
        }
    }

    /** Emits {@code checkpoint.restored}. */
    void restored(Tx tx, Session s, Checkpoint cp, List<String> reverted, String active) throws SQLException {
        var data = new LinkedHashMap<String, Object>();
        data.put("checkpoint", cp);
        data.put("reverted", reverted);
        data.put("active_checkpoint_id", active);
        emit(tx, EventType.CHECKPOINT_RESTORED, s, cp.key(), data);
    }
}
