package dev.switchboard.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Instance;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.SessionStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import dev.switchboard.transcript.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Deleting without losing: {@code DELETE /v1/sessions/{key}} moves a session with all its instances and
 * messages to the archive (the key is free at once), {@code DELETE .../messages?after_seq=} (undo)
 * moves the tail of the current instance there (through {@link TailArchive}, as run rollbacks do), and
 * admins read the archive. {@code ?purge=true}
 * is the one operation that erases: everything of the key, the archive and event payloads included
 * (GDPR-style erasure).
 *
 * <p>None of these runs while a run of the session is active (409 {@code run-active}): the run would
 * keep writing into what is being removed.
 */
public final class ArchiveService {
    private final Database db;
    private final ArchiveStore store;
    private final SessionStore sessionStore;
    private final SessionService sessions;
    private final SessionLifecycle lifecycle;
    private final EventLog events;
    private final TailArchive tails;
    private final Consumer<List<String>> eraseRunFiles;
    private final Clock clock;

    /**
     * @param eraseRunFiles deletes the files runs keep outside the database (process logs), given run ids;
     *     called after a purge has committed, never inside the write
     */
    public ArchiveService(Database db, ArchiveStore store, SessionStore sessionStore, SessionService sessions,
                          SessionLifecycle lifecycle, EventLog events, TailArchive tails,
                          Consumer<List<String>> eraseRunFiles, Clock clock) {
        this.db = db;
        this.eraseRunFiles = eraseRunFiles;
        this.store = store;
        this.sessionStore = sessionStore;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.events = events;
        this.tails = tails;
        this.clock = clock;
    }


    /**
     * Archives (or with {@code purge}, erases) the session {@code key}. Archiving honours
     * {@code If-Match}. A purge also works on a key that only exists in the archive any more; it is
     * admin-only and leaves no payload of the key behind, not even in the {@code session.deleted} event
     * that announces it.
     */
    public void delete(Caller caller, String key, boolean purge, Long ifMatch) {
        caller.require(Scope.SESSIONS_WRITE);
        if (purge) caller.require(Scope.ADMIN);
        List<String> purgedRuns = db.write(tx -> {
            Instant now = clock.instant();
            if (purge) {
                Session live = sessionStore.findForUpdate(tx, key).orElse(null);
                ArchiveEntry archived = live == null ? store.newestOf(tx, key).orElse(null) : null;
                String channel = live != null ? live.channel() : archived != null ? archived.channel() : null;
                String agent = live != null ? live.agent() : archived != null ? archived.agent() : null;
                // Admins limited to some channels/agents can't erase (or learn of) keys outside them.
                if ((live != null || archived != null) && !caller.canSee(key, channel, agent)) {
                    throw ProblemException.notFound("session " + key);
                }
                sessions.requireUnprotected(key, live);
                if (live != null) {
                    SessionService.requireVersion(live, ifMatch);
                    lifecycle.requireNoActiveRun(tx, live);
                }
                List<String> runIds = store.purge(tx, key).orElseThrow(() -> ProblemException.notFound("session " + key));
                events.append(tx, EventType.SESSION_DELETED, key, channel, agent, now.toEpochMilli(), Map.of("purged", true));
                return runIds;
            }
            Session s = sessions.requireVisible(tx, caller, key);
            sessions.requireUnprotected(key, s);
            SessionService.requireVersion(s, ifMatch);
            lifecycle.requireNoActiveRun(tx, s);
            archiveInTx(tx, s, caller.tokenId(), now);
            return List.<String>of();
        });
        if (!purgedRuns.isEmpty()) eraseRunFiles.accept(purgedRuns);
    }

    /**
     * Moves session {@code s} and its transcripts to the archive in {@code tx} and emits {@code session.deleted}; the
     * caller has checked the rules (visible, unprotected, no active run). {@code by}: the token (or job) that did it.
     */
    public String archiveInTx(Tx tx, Session s, String by, Instant now) throws SQLException {
        String archiveId = Ulid.next(now.toEpochMilli());
        store.archiveSession(tx, archiveId, s, Json.write(s), now.toEpochMilli(), by);
        ObjectNode data = Json.object();
        data.put("key", s.key());
        data.put("archive_id", archiveId);
        data.put("purged", false);
        events.append(tx, EventType.SESSION_DELETED, s.key(), s.channel(), s.agent(), now.toEpochMilli(), data);
        return archiveId;
    }

    /** Erases what is left of {@code key} in {@code tx} (see {@link ArchiveStore#purge}); the ids of its erased runs. */
    public List<String> purgeInTx(Tx tx, String key) throws SQLException {
        return store.purge(tx, key).orElse(List.of());
    }

    /** Deletes the log and report files of erased runs (after their erasure committed). */
    public void eraseRunFiles(List<String> runIds) {
        if (!runIds.isEmpty()) eraseRunFiles.accept(runIds);
    }

    /**
     * Undo/retry: moves the current instance's messages after {@code afterSeq} to the archive
     * ({@link TailArchive}), so the next append gets {@code afterSeq + 1}. Emits {@code messages.removed}.
     */
    public TailArchive.Moved undo(Caller caller, String key, Long afterSeq) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        if (afterSeq == null) throw ProblemException.validation("after_seq", "is required: messages with a greater seq are removed");
        if (afterSeq < 0) throw ProblemException.validation("after_seq", "must be 0 or more");
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            if (s.ended()) throw SessionService.sessionEnded(key);
            lifecycle.requireNoActiveRun(tx, s);
            return tails.moveAfter(tx, s, afterSeq, Removal.undo(caller.tokenId()));
        });
    }

    /** {@code GET /v1/archive} (admin): newest first, optionally only one key, kind or reason. */
    public Page<ArchiveEntry> list(Caller caller, String key, String kind, String reason, int limit, String cursor) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> {
            Long beforeAt = null;
            String beforeId = null;
            if (cursor != null) {
                Cursor pos = Cursor.decode(cursor, "archive");
                beforeAt = pos.position();
                beforeId = pos.id();
            }
            return Page.trim(store.list(tx, key, kind, reason, beforeAt, beforeId, limit + 1), limit, last -> {
                return new Cursor(last.archivedAt().toEpochMilli(), last.id()).encode("archive");
            });
        });
    }

    /** {@code GET /v1/archive/{id}} (admin): the entry with its archived instances. */
    public ArchiveEntry get(Caller caller, String id) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> {
            ArchiveEntry e = store.find(tx, id).orElseThrow(() -> ProblemException.notFound("archive entry " + id));
            List<Instance> instances = store.instances(tx, id);
            return e.withInstances(instances);
        });
    }

    /** {@code GET /v1/archive/{id}/messages} (admin): archived messages in (instance, seq) order. */
    public Page<Message> messages(Caller caller, String id, String instance, int limit, String cursor) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> {
            store.find(tx, id).orElseThrow(() -> ProblemException.notFound("archive entry " + id));
            String afterInstance = "";
            long afterSeq = 0;
            if (cursor != null) {
                Cursor pos = Cursor.decode(cursor, "archive-messages:" + id);
                afterInstance = pos.id();
                afterSeq = pos.position();
            }
            return Page.trim(store.messages(tx, id, instance, afterInstance, afterSeq, limit + 1), limit, last -> {
                return new Cursor(last.seq(), last.instance()).encode("archive-messages:" + id);
            });
        });
    }
}
