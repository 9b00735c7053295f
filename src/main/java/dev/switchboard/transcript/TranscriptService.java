package dev.switchboard.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.LastMessage;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends and reads transcripts. An append is one transaction: the messages, the instance counters,
 * the session's version/{@code last_seen_at}, and one {@code message.appended} event per message, so a
 * batch is all-or-nothing and sequence numbers are contiguous however many clients append at once
 * (the store's single writer assigns them).
 */
public final class TranscriptService {
    private final Database db;
    private final TranscriptStore store;
    private final SessionService sessions;
    private final EventLog events;
    private final MessageInput input;
    private final Clock clock;

    public TranscriptService(Database db, TranscriptStore store, SessionService sessions, EventLog events,
                             MessageInput input, Clock clock) {
        this.db = db;
        this.store = store;
        this.sessions = sessions;
        this.events = events;
        this.input = input;
        this.clock = clock;
    }

    public List<Message> append(Caller caller, String key, JsonNode body) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        List<NewMessage> batch = input.parse(body);
        return appendParsed(caller, key, batch);
    }

    public List<Message> appendParsed(Caller caller, String key, List<NewMessage> batch) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        PreparedAppend prepared = PreparedAppend.of(batch, clock.instant()); // on this thread, not the writer's
        return db.write(tx -> appendPrepared(tx, caller, key, prepared));
    }

    /** Appends in the caller's write transaction {@code tx} (a run's start and output join their own writes). */
    public List<Message> appendParsed(Tx tx, Caller caller, String key, List<NewMessage> batch) throws SQLException {
        return appendPrepared(tx, caller, key, PreparedAppend.of(batch, clock.instant()));
    }

    private List<Message> appendPrepared(Tx tx, Caller caller, String key, PreparedAppend batch) throws SQLException {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        var target = store.appendTarget(tx, key).orElseThrow(() -> ProblemException.notFound("session " + key));
        SessionService.requireVisible(caller, key, target.channel(), target.agent());
        if (Session.ENDED.equals(target.status())) {
            // Rare: read the whole session only then. A stale one is revived (same instance, same seqs).
            sessions.continueSession(tx, sessions.requireVisible(tx, caller, key), "message");
        }
        long now = batch.now().toEpochMilli();
        String instance = target.instanceId();
        long seq = target.lastSeq();
        long through = target.tokensThrough();
        var messages = new ArrayList<Message>(batch.items().size());
        var sized = new ArrayList<SizedMessage>(batch.items().size());
        var json = new ArrayList<String>(batch.items().size());
        for (PreparedAppend.Item item : batch.items()) {
            NewMessage m = item.message();
            String id = Ulid.next(now);
            var message = new Message(++seq, id, instance, m.role(), m.content(), m.name(), m.toolCallId(), m.toolCalls(),
                    m.usage(), m.metadata(), item.createdAt());
            through += item.tokens();
            messages.add(message);
            sized.add(new SizedMessage(message, item.tokens(), through));
            json.add(PreparedAppend.json(seq, id, instance, item));
        }
        store.insert(tx, sized);
        // Counters and usage are added in SQL, and the session row only records the activity: an append
        // reads and writes no more of the session than it changes (it runs on the single writer).
        store.addToInstance(tx, instance, messages.size(), batch.added(), seq, batch.lastPrompt());
        sessions.touch(tx, key, batch.now(), LastMessage.withSeq(seq, batch.lastMessage()));
        for (String m : json) {
            events.appendJson(tx, EventType.MESSAGE_APPENDED, key, target.channel(), target.agent(), now, m);
        }
        return List.copyOf(messages);
    }

    /** The last {@code limit} messages of an instance after {@code afterSeq}, newest first, read inside {@code tx}. */
    public List<Message> newestAfter(Tx tx, String instance, long afterSeq, int limit) throws SQLException {
        return store.list(tx, instance, afterSeq, null, limit, true);
    }

    private static Long millis(java.time.Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    public Page<Message> list(Caller caller, String key, MessageQuery q) {
        caller.require(Scope.TRANSCRIPTS_READ);
        return db.read(tx -> {
            Session s = sessions.requireReadable(tx, caller, key);
            String instance = q.instance() != null ? q.instance() : s.id();
            Long after = q.afterSeq();
            Long before = q.beforeSeq();
            boolean desc = q.descending();
            if (q.cursor() != null) {
                // The cursor carries the page's order and instance, so a client only passes it on.
                var descending = Cursor.tryDecode(q.cursor(), "messages:desc");
                Cursor pos = descending.orElseGet(() -> Cursor.decode(q.cursor(), "messages:asc"));
                desc = descending.isPresent();
                instance = pos.id();
                long last = pos.position();
                if (desc) before = before == null ? last : Math.min(before, last);
                else after = after == null ? last : Math.max(after, last);
            }
            if (!instance.equals(s.id()) && !key.equals(store.instanceKey(tx, instance).orElse(null))) {
                throw ProblemException.notFound("instance " + instance + " of session " + key);
            }
            String page = instance;
            String kind = desc ? "messages:desc" : "messages:asc";
            return Page.trim(store.list(tx, instance, after, before, millis(q.since()), millis(q.until()), q.limit() + 1, desc), q.limit(),
                    last -> new Cursor(last.seq(), page).encode(kind));
        });
    }
}
