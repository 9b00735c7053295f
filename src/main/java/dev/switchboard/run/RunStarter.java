package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.session.Session;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptService;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Starts runs: the write that takes a queued run to {@code running} — its input appended to the transcript
 * (unless it was when the run was created), the session's pending directives delivered with it, and
 * {@code run.started} — in one transaction, so a directive is delivered with exactly one run.
 */
final class RunStarter {
    /** A run that has started, with what its adapter needs. */
    record Started(Run run, Session session, JsonNode input, List<Directive> directives) {}

    private final RunStore runs;
    private final TranscriptService transcripts;
    private final MessageInput messageInput;
    private final DirectiveService directives;
    private final RunCompletion completion;
    private final RunEvents events;
    private final RunOwnership ownership;
    private final AgentSessionStore agentSessions;
    private final java.util.function.Function<Session, String> teamWorkdir;

    RunStarter(RunStore runs, TranscriptService transcripts, MessageInput messageInput, DirectiveService directives,
               RunCompletion completion, RunEvents events, RunOwnership ownership, AgentSessionStore agentSessions,
               java.util.function.Function<Session, String> teamWorkdir) {
        this.agentSessions = agentSessions;
        this.teamWorkdir = teamWorkdir;
        this.ownership = ownership;
        this.runs = runs;
        this.transcripts = transcripts;
        this.messageInput = messageInput;
        this.directives = directives;
        this.completion = completion;
        this.events = events;
    }

    /** queued → running in {@code tx}; null when the run is no longer queued or can't start (then it is ended). */
    Started start(Tx tx, String runId, Agent agent) throws SQLException {
        Run r = runs.find(tx, runId).orElse(null);
        if (r == null || r.status() != RunStatus.QUEUED) return null;
        Session s = completion.session(tx, r.key());
        if (s == null || s.ended()) {
            completion.endInTx(tx, r, null, Verdict.failed("the session ended before the run could start"));
            return null;
        }
        JsonNode input = Json.readStored(r.input());
        Long seq = r.inputSeq() != null ? r.inputSeq() : appendInput(tx, r.key(), input);
        List<Directive> delivered = directives.deliverWithInput(tx, s, r.id());
        Instant now = events.now();
        var agentSession = agentSessions.getOrCreate(tx, r.key(), r.instance(), agent.id(), now.toEpochMilli());
        String workdir = r.options().workdir() != null ? r.options().workdir() : teamWorkdir.apply(s);
        var identity = new Launch.Identity(r.key(), r.instance(), agentSession.id(), agentSession.created(), workdir);
        String launch = Json.write(Launch.of(agent, identity));
        Run started = r.with(d -> {
            d.launch = launch;
            d.status = RunStatus.RUNNING;
            d.startedAt = now;
            d.inputSeq = seq;
            d.directives = delivered.stream().map(Directive::id).toList();
        });
        runs.update(tx, started);
        runs.refreshActiveRun(tx, started.key());
        ownership.claim(tx, started.id()); // this node executes it (RunOwnership)
        events.emit(tx, EventType.RUN_STARTED, started, s);
        return new Started(started, s, input, delivered);
    }

    /** Appends a run's input message in {@code tx}; returns its seq. */
    long appendInput(Tx tx, String key, JsonNode input) throws SQLException {
        return transcripts.appendParsed(tx, SystemCaller.INSTANCE, key, messageInput.parse(input)).getFirst().seq();
    }
}
