package dev.switchboard.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.MessageText;
import dev.switchboard.transcript.TranscriptService;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The answer of a run another session started ({@link RunLink}), delivered to that session in the transaction that
 * records the run's end, so the answer is there exactly when the run is over: a message whose content is the run's
 * final assistant text ({@code metadata.reply_to} for a send; {@code metadata.subagent_key} and {@code run_id} for a
 * subagent, which also emits {@code subagent.completed|failed} on the parent). Both transcripts then tell the story.
 * A session that was deleted or ended on purpose meanwhile gets nothing (the answer stays in the run's transcript).
 */
public final class AnswerDelivery {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnswerDelivery.class);
    /** The final answer is the newest assistant message among the run's last this many messages. */
    public static final int LOOK_BACK = 20;

    private final RunLinkStore links;
    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final MessageInput messageInput;
    private final EventLog events;
    private final Clock clock;

    AnswerDelivery(RunLinkStore links, SessionService sessions, TranscriptService transcripts, MessageInput messageInput,
                   EventLog events, Clock clock) {
        this.links = links;
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.messageInput = messageInput;
        this.events = events;
        this.clock = clock;
    }

    void deliver(Tx tx, Run ended) throws SQLException {
        RunLink link = links.find(tx, ended.id()).orElse(null);
        if (link == null) return;
        Session to = sessions.findVisible(tx, SystemCaller.INSTANCE, link.fromKey()).orElse(null);
        if (to == null || (to.ended() && !"stale".equals(to.endReason()))) return;
        String answer = finalAnswer(tx, ended);
        ObjectNode message = Json.object();
        message.put("role", "user");
        message.put("name", ended.key());
        message.put("content", answer != null ? answer
                : "(no answer: the run " + ended.id() + " " + ended.status().wire()
                        + (ended.error() == null ? "" : ": " + ended.error()) + ")");
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("run_id", ended.id());
        metadata.put("run_status", ended.status().wire());
        if (link.kind() == RunLink.Kind.SEND) {
            metadata.put("reply_to", ended.key());
        } else {
            metadata.put("subagent_key", ended.key());
        }
        try {
            transcripts.appendParsed(tx, SystemCaller.INSTANCE, to.key(), messageInput.parse(message));
        } catch (ProblemException e) {
            // Refused before anything was written (the session can't take it): the run's end must still be recorded,
            // and it would fail the same way on every retry.
            log.warn("run {}: its answer could not be delivered to {}: {}", ended.id(), to.key(), e.detail());
            return;
        }
        if (link.kind() == RunLink.Kind.SUBAGENT) {
            ObjectNode data = Json.object();
            data.put("parent_key", to.key());
            data.put("key", ended.key());
            data.set("run", Json.tree(ended));
            data.put("answer", answer);
            EventType type = ended.status() == RunStatus.SUCCEEDED ? EventType.SUBAGENT_COMPLETED : EventType.SUBAGENT_FAILED;
            events.append(tx, type, to.key(), to.channel(), to.agent(), clock.millis(), data);
        }
    }

    private String finalAnswer(Tx tx, Run r) throws SQLException {
        if (r.inputSeq() == null || r.rollback()) return null;
        return finalAnswer(transcripts.newestAfter(tx, r.instance(), r.inputSeq(), LOOK_BACK));
    }

    /** The text of the newest assistant message with text among a run's messages (newest first), or null. */
    public static String finalAnswer(List<Message> newestFirst) {
        for (Message m : newestFirst) {
            if (!"assistant".equals(m.role())) continue;
            String text = MessageText.of(m.content(), null);
            if (!text.isBlank()) return text;
        }
        return null;
    }
}
