package dev.switchboard.archive;

import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The one way messages leave a transcript without being lost: the tail of a session's current instance
 * (every message with {@code seq > afterSeq}) moves to an archive entry of kind {@code messages}, the
 * instance's and the session's counters ({@code message_count}, {@code last_seq}, usage sums) drop by
 * what was removed so the next append continues at {@code afterSeq + 1}, and {@code messages.removed} is
 * emitted. Undo ({@link ArchiveService#undo}) and run rollbacks ({@code run.RunCompletion}) both call it,
 * each inside its own write transaction, after checking their own rules (scopes, ended sessions, active
 * runs): this class checks none.
 *
 * <p>Whatever else depends on the removed messages is told in the same transaction ({@link RemovalListener}: the
 * compaction feature marks checkpoints whose covered messages are gone {@code stale}); the ids it reports go into
 * the event as {@code stale_checkpoints}.
 */
public final class TailArchive {
    private final ArchiveStore store;
    private final SessionService sessions;
    private final EventLog events;
    private final RemovalListener listener;
    private final Clock clock;

    /** Reacts to a removal inside its transaction; returns the ids of what it marked (for the event). */
    @FunctionalInterface
    public interface RemovalListener {
        List<String> removed(Tx tx, Session session, long afterSeq) throws SQLException;
    }

    /** What a move did: how many messages it removed and the archive entry holding them (null when none). */
    public record Moved(long removed, String archiveId) {
        static final Moved NOTHING = new Moved(0, null);
    }

    public TailArchive(ArchiveStore store, SessionService sessions, EventLog events, RemovalListener listener, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.events = events;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Moves the messages of {@code session}'s current instance after {@code afterSeq} to the archive, in
     * {@code tx}. {@code session} must have been read in {@code tx}. Nothing is written, not even an
     * event, when there is nothing after {@code afterSeq}.
     */
    public Moved moveAfter(Tx tx, Session session, long afterSeq, Removal why) throws SQLException {
        Instant now = clock.instant();
        String archiveId = Ulid.next(now.toEpochMilli());
        ArchiveStore.Removed removed = store.archiveMessagesAfter(tx, archiveId, session, afterSeq, why, now.toEpochMilli());
        if (removed.count() == 0) return Moved.NOTHING;
        List<String> stale = listener.removed(tx, session, afterSeq);
        String last = sessions.refreshLastMessage(tx, session.key(), session.id());
        sessions.save(tx, session.with(d -> {
            d.touched(now);
            d.lastMessage = last;
            d.messageCount = session.messageCount() - removed.count();
            d.usage = session.usage().minus(removed.usage());
        }));
        var data = new LinkedHashMap<String, Object>();
        data.put("key", session.key());
        data.put("instance", session.id());
        data.put("after_seq", afterSeq);
        data.put("removed", removed.count());
        data.put("archive_id", archiveId);
        data.put("reason", why.reason().wire());
        data.put("run_id", why.runId());
        data.put("stale_checkpoints", stale);
        events.append(tx, EventType.MESSAGES_REMOVED, session.key(), session.channel(), session.agent(),
                now.toEpochMilli(), data);
        return new Moved(removed.count(), archiveId);
    }
}
