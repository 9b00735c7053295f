package dev.switchboard.run;

import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.TranscriptStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;

/**
 * Removes a transcript's tail for {@code on_active: rollback}: every message after the rolled-back run's
 * input moves to {@code run_archived_messages} (nothing is deleted outright), the instance's
 * {@code message_count}, {@code last_seq} and usage sums drop accordingly so the next append continues
 * contiguously at {@code afterSeq + 1}, and {@code messages.removed} is emitted — all in the caller's
 * transaction. Kept to this one class so it can be unified with transcript undo
 * ({@code DELETE /v1/sessions/{key}/messages?after_seq=}), which does the same to a client-chosen seq.
 */
public final class RollbackArchive {
    private final RollbackStore store;
    private final TranscriptStore transcripts;
    private final SessionService sessions;
    private final EventLog events;
    private final Clock clock;

    public RollbackArchive(RollbackStore store, TranscriptStore transcripts, SessionService sessions, EventLog events,
                           Clock clock) {
        this.store = store;
        this.transcripts = transcripts;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    /** Returns how many messages were moved; {@code session} must be read in {@code tx}. */
    public int removeAfter(Tx tx, Session session, long afterSeq, String reason, String runId) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RollbackStore.Removed removed = store.moveAfter(tx, session.id(), afterSeq, reason, runId, now.toEpochMilli());
        if (removed.count() == 0) return 0;
        // The append path's counter update, run backwards: negative count and usage, last_seq back to afterSeq.
        transcripts.addToInstance(tx, session.id(), -removed.count(), UsageTotals.ZERO.minus(removed.usage()), afterSeq);
        sessions.save(tx, session.with(d -> {
            d.touched(now);
            d.messageCount = session.messageCount() - removed.count();
            d.usage = session.usage().minus(removed.usage());
        }));
        var data = new LinkedHashMap<String, Object>();
        data.put("key", session.key());
        data.put("instance", session.id());
        data.put("after_seq", afterSeq);
        data.put("removed", removed.count());
        data.put("reason", reason);
        data.put("run_id", runId);
        events.append(tx, EventType.MESSAGES_REMOVED, session.key(), session.channel(), session.agent(), now.toEpochMilli(), data);
        return removed.count();
    }
}
