package dev.switchboard.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.context.ContextStore;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Database;
import dev.switchboard.store.Ulid;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.NewMessage;
import dev.switchboard.transcript.SizedMessage;
import dev.switchboard.transcript.TranscriptService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST …/checkpoints/{id}/branch {key?}}: a new session (201) whose transcript starts from the checkpoint —
 * its summary as a {@code system} message, then copies of the messages it kept (new seqs from 1; each copy's
 * {@code metadata.copied_from} names the original) — with {@code parent_key} set and
 * {@code metadata.branched_from = {key, instance, checkpoint, seq}} (seq: the last original copied). The new session
 * has the source's agent, source, title and model. Copies carry no {@code usage}: the spend stays counted once, on
 * the original. One write transaction: the session and all of its messages, or nothing.
 */
public final class CheckpointBranch {
    /** Copies in one branch at most (a checkpoint keeps at most {@value CompactRequest#MAX_KEEP_LAST} + a turn). */
    static final int MAX_COPIES = 20_000;

    private final Database db;
    private final CheckpointStore checkpoints;
    private final ContextStore messages;
    private final SessionService sessions;
    private final TranscriptService transcripts;

    public CheckpointBranch(Database db, CheckpointStore checkpoints, ContextStore messages, SessionService sessions,
                            TranscriptService transcripts) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.messages = messages;
        this.sessions = sessions;
        this.transcripts = transcripts;
    }

    public Session branch(Caller caller, String key, String id, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        caller.require(Scope.TRANSCRIPTS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("key"));
        String newKey = f.string("key", SessionKeys.MAX_KEY).orElse(null);
        f.check();
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            Checkpoint cp = CheckpointHistory.find(tx, checkpoints, key, id);
            if (!cp.status().complete()) {
                throw ProblemException.conflict("checkpoint " + id + " is " + cp.status().wire() + "; only a complete one can be branched");
            }
            long lastKept = Math.min(cp.keptToSeq(), messages.tail(tx, cp.instance()).lastSeq());
            List<SizedMessage> kept = messages.range(tx, cp.instance(), cp.firstKeptSeq(), lastKept, MAX_COPIES + 1);
            if (kept.size() > MAX_COPIES) {
                throw ProblemException.tooLarge("checkpoint " + id + " kept more than " + MAX_COPIES + " messages; too many to branch");
            }
            long seq = kept.isEmpty() ? cp.firstKeptSeq() - 1 : kept.getLast().seq();
            String target = newKey != null ? newKey : defaultKey(key);
            Session created = sessions.create(caller, sessionBody(s, cp, target, seq)).session(); // joins this write
            List<NewMessage> batch = batch(cp, kept);
            if (!batch.isEmpty()) transcripts.appendParsed(caller, target, batch); // joins this write
            return sessions.requireReadable(tx, caller, created.key());
        });
    }

    private static String defaultKey(String key) {
        String suffix = ":branch:" + Ulid.next().toLowerCase(Locale.ROOT);
        return key.length() + suffix.length() <= SessionKeys.MAX_KEY ? key + suffix : "session" + suffix;
    }

    private static ObjectNode sessionBody(Session s, Checkpoint cp, String key, long seq) {
        ObjectNode b = Json.object();
        b.put("key", key);
        b.put("agent", s.agent());
        if (s.source() != null) b.set("source", Json.tree(s.source()));
        if (s.title() != null) b.put("title", s.title());
        if (s.model() != null) b.put("model", s.model());
        b.put("parent_key", s.key());
        ObjectNode metadata = s.metadata() == null ? Json.object() : ((ObjectNode) s.metadata()).deepCopy();
        metadata.putObject("branched_from").put("key", s.key()).put("instance", cp.instance())
                .put("checkpoint", cp.id()).put("seq", seq);
        b.set("metadata", metadata);
        b.put("if_exists", "error");
        return b;
    }

    private static List<NewMessage> batch(Checkpoint cp, List<SizedMessage> kept) {
        var out = new ArrayList<NewMessage>(kept.size() + 1);
        if (cp.summaryText() != null) {
            ObjectNode meta = Json.object();
            meta.putObject("checkpoint").put("id", cp.id()).put("from_seq", cp.fromSeq()).put("to_seq", cp.toSeq());
            out.add(new NewMessage("system", Json.write(cp.summaryText()), null, null, null, null, UsageTotals.ZERO,
                    Json.write(meta), cp.completedAt(), cp.summaryText().length()));
        }
        for (SizedMessage sized : kept) {
            Message m = sized.message();
            JsonNode original = m.metadata() == null ? null : Json.readStored(m.metadata());
            ObjectNode meta = original instanceof ObjectNode o ? o.deepCopy() : Json.object();
            meta.putObject("copied_from").put("instance", m.instance()).put("seq", m.seq()).put("id", m.id());
            out.add(new NewMessage(m.role(), m.content(), m.name(), m.toolCallId(), m.toolCalls(), null, UsageTotals.ZERO,
                    Json.write(meta), m.createdAt(), m.content() == null ? 0 : m.content().length()));
        }
        return out;
    }
}
