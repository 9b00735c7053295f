package dev.switchboard.compaction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.TranscriptService;
import java.sql.SQLException;
import java.util.List;

/**
 * Reading and going back: {@code GET …/checkpoints} (newest first), {@code GET …/checkpoints/{id}}
 * ({@code ?include=messages} adds the covered messages) and {@code POST …/checkpoints/{id}/restore}: the context is
 * again as it was before that checkpoint — it and every later one become {@code reverted}, and the newest earlier
 * one that was superseded is active again ({@code checkpoint.restored}). Restoring changes no message: compaction
 * never did. Branching lives in {@link CheckpointBranch}.
 */
public final class CheckpointHistory {
    private final Database db;
    private final CheckpointStore checkpoints;
    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final CheckpointWrites writes;

    public CheckpointHistory(Database db, CheckpointStore checkpoints, SessionService sessions, TranscriptService transcripts,
                             CompactionService compactions) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.writes = compactions.writes();
    }

    /** Checkpoints of the session's current instance (or {@code instance}), newest first. */
    public Page<Checkpoint> list(Caller caller, String key, String instance, int limit, String cursor) {
        caller.require(Scope.TRANSCRIPTS_READ);
        String before = cursor == null ? null : Cursor.decode(cursor, "checkpoints").id();
        return db.read(tx -> {
            Session s = sessions.requireReadable(tx, caller, key);
            return Page.trim(checkpoints.list(tx, key, instance != null ? instance : s.id(), before, limit + 1), limit,
                    last -> new Cursor(0, last.id()).encode("checkpoints"));
        });
    }

    /** One checkpoint; with {@code messages}, a page of the messages it covers (as {@code GET …/messages} pages). */
    public ObjectNode get(Caller caller, String key, String id, boolean messages, int limit, String cursor) {
        caller.require(Scope.TRANSCRIPTS_READ);
        Checkpoint cp = db.read(tx -> find(tx, caller, key, id));
        ObjectNode o = (ObjectNode) Json.tree(cp);
        if (messages) {
            o.set("messages", Json.tree(transcripts.list(caller, key,
                    new MessageQuery(cp.instance(), cp.fromSeq() - 1, cp.toSeq() + 1, limit, false, cursor))));
        }
        return o;
    }

    public Checkpoint restore(Caller caller, String key, String id) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            Checkpoint cp = find(tx, caller, key, id);
            if (s.compacting()) {
                throw ProblemException.conflict("session " + key + " is compacting (checkpoint " + s.compactionId()
                        + "); restore once it has ended");
            }
            if (!cp.status().complete() || cp.status() == CheckpointStatus.STALE) {
                throw ProblemException.conflict("checkpoint " + id + " is " + cp.status().wire() + ": "
                        + switch (cp.status()) {
                            case STALE -> "messages it covers were removed, so the context it replaced no longer exists";
                            case RUNNING -> "it has not changed the context yet";
                            default -> "it never changed the context";
                        });
            }
            List<String> reverted = checkpoints.setStatusFrom(tx, cp.instance(), cp.id(),
                    List.of(CheckpointStatus.ACTIVE, CheckpointStatus.SUPERSEDED), CheckpointStatus.REVERTED);
            String active = CheckpointWrites.promoteIfNone(tx, checkpoints, cp.instance(), cp.id());
            Checkpoint now = checkpoints.find(tx, id).orElseThrow();
            writes.restored(tx, s, now, reverted, active);
            return now;
        });
    }

    /** The checkpoint {@code id} of {@code key} (any of its instances), or 404. */
    static Checkpoint find(Tx tx, CheckpointStore checkpoints, String key, String id) throws SQLException {
        return checkpoints.find(tx, id).filter(c -> c.key().equals(key))
                .orElseThrow(() -> ProblemException.notFound("checkpoint " + id + " of session " + key));
    }

    private Checkpoint find(Tx tx, Caller caller, String key, String id) throws SQLException {
        sessions.requireReadable(tx, caller, key);
        return find(tx, checkpoints, key, id);
    }
}
