package dev.switchboard.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.event.EventService;
import dev.switchboard.event.EventStream;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.run.AnswerDelivery;
import dev.switchboard.run.OnActive;
import dev.switchboard.run.Run;
import dev.switchboard.run.RunEnd;
import dev.switchboard.run.RunLink;
import dev.switchboard.run.RunOptions;
import dev.switchboard.run.RunService;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionQuery;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Ulid;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.TranscriptService;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Agents working together: subagents ({@code POST …/spawn}, {@code GET …/children}) and sends between sessions
 * ({@code POST …/send}), for REST, WebSocket and MCP alike. Each is one write: the sessions involved are checked
 * against the caller's grants (both of them: 404 for either outside), the target created when it has to be, and the
 * run queued with its {@link RunLink}, so the answer reaches the other session when the run ends
 * ({@link AnswerDelivery}) and a stop of the parent reaches the subagent.
 *
 * <p><b>The exchange bound.</b> Every run a send starts carries its turn: 1 when the sender is not itself running a
 * run that a send started, else that run's turn + 1. Two agents that answer each other with sends therefore climb
 * one turn per message, and the send past {@code [agents] max_exchange_turns} is refused with 409 {@code conflict};
 * the chain restarts at 1 as soon as a send comes from outside it (an operator, a session at rest).
 */
public final class TeamService {
    private static final Set<String> SPAWN_FIELDS = Set.of("agent", "input", "label", "wait_seconds");
    private static final Set<String> SEND_FIELDS = Set.of("to", "content", "wait_seconds", "on_active");
    public static final int MAX_WAIT_SECONDS = 300;
    /** Message {@code name}s are at most this long; a longer sender key is named in metadata only. */
    private static final int MAX_NAME = 256;

    /** The answer of a spawn or a send: the session (spawn), the run, and its final answer when waited for. */
    public record Outcome(Session session, boolean created, Run run, String answer) {}

    private final Database db;
    private final SessionService sessions;
    private final RunService runs;
    private final TranscriptService transcripts;
    private final EventService events;
    private final Pairs pairs;
    private final int maxExchangeTurns;

    public TeamService(Database db, SessionService sessions, RunService runs, TranscriptService transcripts,
                       EventService events, Pairs pairs, int maxExchangeTurns) {
        this.db = db;
        this.sessions = sessions;
        this.runs = runs;
        this.transcripts = transcripts;
        this.events = events;
        this.pairs = pairs;
        this.maxExchangeTurns = maxExchangeTurns;
    }

    /** {@code POST /v1/sessions/{key}/spawn {agent, input, label?, wait_seconds?}}: a child session with a run. */
    public Outcome spawn(Caller caller, String key, JsonNode body) {
        caller.require(Scope.RUNS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(SPAWN_FIELDS);
        String agent = f.string("agent", 64).orElse(null);
        if (agent == null) f.error("agent", "is required: the subagent's agent (GET /v1/agents lists them)");
        else if (!SessionKeys.validAgent(agent)) f.error("agent", "must match [A-Za-z0-9._-]{1,64}");
        String label = f.string("label", 64).orElse(null);
        if (label != null && !label.matches("[A-Za-z0-9._-]{1,64}")) f.error("label", "must match [A-Za-z0-9._-]{1,64}");
        int wait = waitSeconds(f);
        JsonNode input = f.node().get("input");
        f.check();
        ObjectNode message = runs.input(input);
        String childKey = key + ":sub:" + (label != null ? label : Ulid.next().toLowerCase(Locale.ROOT));
        if (childKey.length() > SessionKeys.MAX_KEY) {
            throw ProblemException.validation("label", "makes the subagent's key longer than " + SessionKeys.MAX_KEY);
        }
        return waitFor(caller, childKey, wait, () -> db.write(tx -> {
            Session parent = sessions.requireVisible(tx, caller, key);
            var child = sessions.ensureInTx(tx, caller, childKey, agent, parent.channel(), key, null);
            if (!key.equals(child.session().parentKey())) {
                throw ProblemException.conflict("session " + childKey + " exists and is not a subagent of " + key);
            }
            Run run = runs.startInTx(tx, caller, childKey, message, agent, OnActive.ENQUEUE,
                    RunLink.of(RunLink.Kind.SUBAGENT, key, 0), RunOptions.NONE);
            return new Outcome(child.session(), child.created(), run, null);
        }));
    }

    /** {@code GET /v1/sessions/{key}/children}: the sessions whose {@code parent_key} is {@code key}, in the grants. */
    public Page<Session> children(Caller caller, String key, int limit, String cursor) {
        sessions.get(caller, key); // 404 for a parent outside the grants, before listing anything of it
        return sessions.list(caller, SessionQuery.childrenOf(key, limit, cursor));
    }

    /**
     * {@code POST /v1/sessions/{key}/send {to, content, wait_seconds?, on_active?}}: {@code content} goes to
     * {@code to} (a key, or {@code {pair: {from, to}}}) as a {@code user} message named after the sender, and runs it.
     */
    public Outcome send(Caller caller, String key, JsonNode body) {
        caller.require(Scope.RUNS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(SEND_FIELDS);
        JsonNode to = f.node().get("to");
        Pairs.Pair pair = null;
        String toKey = null;
        if (to != null && to.isTextual()) toKey = f.string("to", SessionKeys.MAX_KEY).orElse(null);
        else if (to != null && to.isObject() && to.has("pair")) pair = pairs.read(to.get("pair"), "to.pair");
        else f.error("to", "is required: a session key, or {\"pair\": {\"from\": team, \"to\": team}}");
        JsonNode content = f.node().get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            f.error("content", "is required: a string or an array of content blocks");
        }
        OnActive onActive = f.oneOf("on_active", OnActive.WIRE).map(OnActive::fromWire).orElse(OnActive.REJECT);
        int wait = waitSeconds(f);
        f.check();
        ObjectNode message = Json.object();
        message.put("role", "user");
        message.set("content", content);
        if (key.length() <= MAX_NAME) message.put("name", key);
        message.putObject("metadata").put("from_key", key);
        ObjectNode checked = runs.input(message);
        String target = pair != null ? pair.key() : toKey;
        if (key.equals(target)) throw ProblemException.validation("to", "is the sending session itself");
        Pairs.Pair toPair = pair;
        return waitFor(caller, target, wait, () -> db.write(tx -> {
            sessions.requireVisible(tx, caller, key);
            if (toPair != null) pairs.ensureInTx(tx, caller, toPair, null);
            int turn = runs.turnOf(tx, key) + 1;
            if (turn > maxExchangeTurns) throw exchangeBound(key, target, turn);
            Run run = runs.startInTx(tx, caller, target, checked, null, onActive,
                    RunLink.of(RunLink.Kind.SEND, key, turn), RunOptions.NONE);
            return new Outcome(null, false, run, null);
        }));
    }

    private ProblemException exchangeBound(String from, String to, int turn) {
        return new ProblemException(ProblemType.CONFLICT, "session " + from + " sending to " + to + " would be turn "
                + turn + " of an exchange between agents; [agents] max_exchange_turns is " + maxExchangeTurns
                + " so that agents answering each other can't loop forever. Send from outside the exchange to start a new one");
    }

    private static int waitSeconds(Fields f) {
        return f.integer("wait_seconds", 0, MAX_WAIT_SECONDS).orElse(0L).intValue();
    }

    /**
     * Does {@code write}; with {@code wait > 0}, waits (bounded) for the run it started on {@code target} to end, on
     * a stream opened first so an end right after the commit is not missed, and answers the run as it is then with
     * its final answer (for a caller that may read transcripts).
     */
    private Outcome waitFor(Caller caller, String target, int wait, Supplier<Outcome> write) {
        if (wait == 0) return write.get();
        // The server's own subscription: only the end of this run is looked for, and nothing of it is passed on.
        try (EventStream ends = events.open(SystemCaller.INSTANCE, RunEnd.filter(target), null, "sse")) {
            Outcome o = write.get();
            try {
                if (!RunEnd.await(ends, o.run().id(), Duration.ofSeconds(wait))) return o;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: answer the run as it was sent
                return o;
            }
            Run ended = runs.get(caller, o.run().id());
            return new Outcome(o.session(), o.created(), ended, answer(caller, ended));
        }
    }

    private String answer(Caller caller, Run r) {
        if (r.inputSeq() == null || !caller.has(Scope.TRANSCRIPTS_READ)) return null;
        var page = transcripts.list(caller, r.key(),
                new MessageQuery(r.instance(), r.inputSeq(), null, AnswerDelivery.LOOK_BACK, true, null));
        return AnswerDelivery.finalAnswer(page.items());
    }

    /** {@code POST /v1/pairs {from, to, agent?}}: get-or-create the ordered pair's session. */
    public SessionService.Created pair(Caller caller, JsonNode body) {
        Pairs.Request request = pairs.readRequest(body);
        return db.write(tx -> pairs.ensureInTx(tx, caller, request.pair(), request.agent()));
    }
}
