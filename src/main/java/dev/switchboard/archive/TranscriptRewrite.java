package dev.switchboard.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.NewMessage;
import dev.switchboard.transcript.TranscriptService;
import java.util.List;

/**
 * The atomic rewrite of a transcript's tail ({@code PUT /v1/sessions/{key}/messages?after_seq=N}, hermes-agent's
 * {@code rewrite_transcript} for /retry, /undo and /compress flows): the current instance's messages after
 * {@code N} move to the archive exactly as an undo moves them ({@link TailArchive}, reason {@code undo}), and the
 * batch is appended from {@code N + 1}, in one write transaction: either both happen or neither.
 *
 * <p>Failure paths: the batch is validated before anything is written (a 422 or 413 changes nothing); a failure
 * while writing (the store, a session that ended or got a run meanwhile) rolls the removal back with the append.
 */
public final class TranscriptRewrite {
    private final Database db;
    private final SessionService sessions;
    private final SessionLifecycle lifecycle;
    private final TailArchive tails;
    private final TranscriptService transcripts;
    private final MessageInput input;

    /** What a rewrite did: the removal (as an undo reports it) and the appended messages. */
    public record Rewritten(long removed, String archiveId, List<Message> items) {}

    public TranscriptRewrite(Database db, SessionService sessions, SessionLifecycle lifecycle, TailArchive tails,
                             TranscriptService transcripts, MessageInput input) {
        this.db = db;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.tails = tails;
        this.transcripts = transcripts;
        this.input = input;
    }

    public Rewritten rewrite(Caller caller, String key, Long afterSeq, JsonNode body) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        if (afterSeq == null) throw ProblemException.validation("after_seq", "is required: messages with a greater seq are replaced");
        List<NewMessage> batch = input.parse(body);
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            if (s.ended()) throw SessionService.sessionEnded(key);
            lifecycle.requireNoActiveRun(tx, s);
            // Seqs are contiguous from 1, so the message count is the last seq.
            if (afterSeq > s.messageCount()) {
                throw ProblemException.conflict("session " + key + " has " + s.messageCount()
                        + " messages; after_seq must not be greater (the batch would not follow it)");
            }
            TailArchive.Moved moved = tails.moveAfter(tx, s, afterSeq, Removal.undo(caller.tokenId()));
            List<Message> items = transcripts.appendParsed(caller, key, batch); // joins this transaction
            return new Rewritten(moved.removed(), moved.archiveId(), items);
        });
    }
}
