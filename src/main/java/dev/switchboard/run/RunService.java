package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.event.EventType;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.FieldError;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import dev.switchboard.transcript.MessageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The run rules every transport shares (REST today; WebSocket {@code runs.send|steer|abort} and MCP
 * {@code send_message} call the same methods).
 *
 * <p><b>Exactly one active run per session.</b> A new run is inserted {@code queued} in one transaction
 * with its {@code run.queued} event, after checking the session's queued/running runs under the store's
 * single writer, so two sends can't both see an idle session. What {@code on_active} does with an active
 * run is decided in that same transaction; a message arriving just as a run completes is therefore either
 * before the completion (enqueued or rejected with 409, never silently dropped) or after it (started).
 *
 * <p><b>Input and transcript order.</b> The input message is durable in the run row from the moment the
 * request is acknowledged. It is appended to the transcript in the same transaction when the session has
 * no other active run; otherwise (enqueued, or after an interrupt) when the run starts, right after the
 * previous run's output — so the transcript reads question, answer, question, answer.
 */
public final class RunService {
    private static final Set<String> SEND_FIELDS = Set.of("input", "agent", "on_active", "workdir", "timeout_seconds",
            "metadata", "expects_report");
    /** A run's metadata is for finding it again (a mission, a branch), not a document store. */
    private static final int MAX_METADATA_CHARS = 16_384;
    /** An abort waits this long for the run to stop and record its end before answering (the run still ends later). */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(20);
    public static final int MAX_LOG_LINES = 10_000;

    private final Database db;
    private final RunStore runs;
    private final RunLinkStore links;
    private final SessionService sessions;
    private final MessageInput messageInput;
    private final AgentRegistry agents;
    private final RunSupervisor supervisor;
    private final String defaultAgent;
    private final Path dataDir;
    private final Clock clock;

    public RunService(Database db, RunStore runs, RunLinkStore links, SessionService sessions, MessageInput messageInput, AgentRegistry agents,
                      RunSupervisor supervisor, String defaultAgent, Path dataDir, Clock clock) {
        this.db = db;
        this.runs = runs;
        this.links = links;
        this.sessions = sessions;
        this.messageInput = messageInput;
        this.agents = agents;
        this.supervisor = supervisor;
        this.defaultAgent = defaultAgent;
        this.dataDir = dataDir;
        this.clock = clock;
    }


    /** {@code POST /v1/sessions/{key}/runs}: {@code {input, agent?, on_active?}} (on_active defaults to reject). */
    public Run send(Caller caller, String key, JsonNode body) {
        caller.require(Scope.RUNS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(SEND_FIELDS);
        JsonNode input = f.node().get("input");
        if (input == null || input.isNull()) f.error("input", "is required: a message {role, content} or a string");
        else if (!input.isObject() && !input.isTextual()) f.error("input", "must be a message object or a string");
        String agentId = f.string("agent", 64).orElse(null);
        OnActive onActive = f.oneOf("on_active", OnActive.WIRE).map(OnActive::fromWire).orElse(OnActive.REJECT);
        String workdir = f.string("workdir", 4_096).orElse(null);
        Long timeout = f.integer("timeout_seconds", 1, 7 * 86_400L).orElse(null);
        ObjectNode metadata = f.object("metadata").orElse(null);
        if (metadata != null && Json.write(metadata).length() > MAX_METADATA_CHARS) {
            f.error("metadata", "must be at most " + MAX_METADATA_CHARS + " characters of JSON");
        }
        String report = f.string("expects_report", 1_024).orElse(null);
        f.check();
        ObjectNode message = normalizeInput(input);
        // The file system is checked before the write, never on the store's single writer.
        RunOptions options = workdir == null && report == null ? RunOptions.NONE : processOptions(
                db.read(tx -> resolveAgent(tx, agentId, sessions.requireReadable(tx, caller, key))), workdir, report);
        RunOptions chosen = new RunOptions(options.workdir(), timeout == null ? null : timeout.intValue(),
                metadata == null ? null : Json.write(metadata), options.expectsReport());
        return db.write(tx -> startInTx(tx, caller, key, message, agentId, onActive, null, chosen));
    }

    /**
     * Queues a run on {@code key} in the caller's transaction {@code tx} (see the class comment); {@code link} says
     * which other session it was started for (a send, a subagent), or null. {@code message} was checked by
     * {@link #input}.
     */
    public Run startInTx(Tx tx, Caller caller, String key, ObjectNode message, String agentId, OnActive onActive,
                         RunLink link, RunOptions options) throws SQLException {
        if (agentId != null && caller.agents() != null && !caller.agents().contains(agentId)) {
            throw ProblemException.forbidden("this token is not granted agent '" + agentId + "'");
        }
        Session s = sessions.continueSession(tx, sessions.requireVisible(tx, caller, key), "run");
        Agent agent = resolveAgent(tx, agentId, s);
        List<Run> active = runs.active(tx, key);
        String id = Ulid.next(clock.millis());
        if (!active.isEmpty()) {
            Run head = active.getFirst();
            switch (onActive) {
                case REJECT -> throw new ProblemException(ProblemType.RUN_ACTIVE, "session " + key + " has an active run "
                        + head.id() + " (" + head.status().wire() + "); send with on_active enqueue, interrupt or rollback");
                case ENQUEUE -> { }
                case INTERRUPT -> requestAbort(tx, head, "interrupted by run " + id, false);
                case ROLLBACK -> requestAbort(tx, head, "rolled back by run " + id, true);
            }
        }
        Long inputSeq = active.isEmpty() ? supervisor.appendInput(tx, key, message) : null;
        var run = new Run(id, key, s.id(), agent.id(), RunStatus.QUEUED, onActive, clock.instant(), null, null, null, null,
                inputSeq, null, null, null, null, List.of(), onActive.preempts() ? 1 : 0, Json.write(message), null, 0,
                false, null, options, null);
        runs.insert(tx, run);
        if (link != null) links.insert(tx, link.forRun(id));
        runs.refreshActiveRun(tx, key);
        supervisor.emit(tx, EventType.RUN_QUEUED, run, s);
        tx.afterCommit(() -> supervisor.kick(key));
        return run;
    }

    /**
     * The exchange turn of the session's running run: the turn of the send that started it, 0 when no send did (or
     * nothing runs). A send made from that session continues the chain at this turn + 1.
     */
    public int turnOf(Tx tx, String key) throws SQLException {
        for (Run r : runs.active(tx, key)) {
            if (r.status() == RunStatus.RUNNING) return links.find(tx, r.id()).map(RunLink::turn).orElse(0);
        }
        return 0;
    }

    /** A run's input as {@code POST …/runs} takes it (a message or a string), checked; 422 naming {@code input.*}. */
    public ObjectNode input(JsonNode input) {
        if (input == null || input.isNull()) throw ProblemException.validation("input", "is required: a message {role, content} or a string");
        if (!input.isObject() && !input.isTextual()) throw ProblemException.validation("input", "must be a message object or a string");
        return normalizeInput(input);
    }

    /** {@code workdir} and {@code expects_report} of a run: only process agents have them. */
    private static RunOptions processOptions(Agent agent, String workdir, String report) {
        if (!(agent.spec() instanceof AgentSpec.Process p)) {
            throw ProblemException.validation(workdir != null ? "workdir" : "expects_report",
                    "only process agents take it (agent " + agent.id() + " is " + agent.spec().adapter() + ")");
        }
        String dir = workdir == null ? null : Workdirs.inside("workdir", workdir, p.workdirRoots()).toString();
        return new RunOptions(dir, null, null, report == null ? null : Workdirs.relativeFile("expects_report", report));
    }

    /** A string is shorthand for a user message; a message is validated like a transcript append. */
    private ObjectNode normalizeInput(JsonNode input) {
        ObjectNode message;
        if (input.isTextual()) {
            message = Json.object();
            message.put("role", "user");
            message.put("content", input.textValue());
        } else {
            message = (ObjectNode) input;
            if (message.has("messages")) throw ProblemException.validation("input", "must be one message, not a batch");
        }
        try {
            messageInput.parse(message);
        } catch (ProblemException e) {
            if (e.type() != ProblemType.VALIDATION) throw e;
            var errors = e.errors().stream().map(fe -> new FieldError("input." + fe.field(), fe.message())).toList();
            throw new ProblemException(ProblemType.VALIDATION, "input: " + e.detail(), errors);
        }
        return message;
    }

    /** The run's agent: as named, else the session's {@code agent} when defined, else {@code runs.default_agent}. */
    private Agent resolveAgent(Tx tx, String requested, Session s) throws SQLException {
        if (requested != null) {
            return agents.find(tx, requested).orElseThrow(() -> ProblemException.validation("agent",
                    "no agent named " + requested + " (GET /v1/agents lists them)"));
        }
        var own = agents.find(tx, s.agent());
        if (own.isPresent()) return own.get();
        return agents.find(tx, defaultAgent).orElseThrow(() -> ProblemException.validation("agent",
                "the session's agent " + s.agent() + " is not defined and neither is the default agent " + defaultAgent));
    }

    /**
     * Requests an abort in {@code tx}. A queued run ends at once; a running one is marked (first reason wins,
     * a rollback request sticks) and stopped after commit. Returns the run as it is now.
     */
    Run requestAbort(Tx tx, Run r, String reason, boolean rollback) throws SQLException {
        if (r.status().terminal()) return r;
        if (r.status() == RunStatus.QUEUED) {
            supervisor.endQueuedInTx(tx, r, RunStatus.ABORTED, reason);
            return runs.find(tx, r.id()).orElseThrow();
        }
        if (r.abortRequested() && (r.rollback() || !rollback)) return r;
        Instant now = clock.instant();
        Run marked = r.with(d -> {
            if (d.abortRequestedAt == null) {
                d.abortRequestedAt = now;
                d.abortReason = reason;
            }
            d.rollback = d.rollback || rollback;
        });
        runs.update(tx, marked);
        supervisor.stopEverywhere(tx, r.id()); // the node that executes it may be another one
        return marked;
    }

    /**
     * {@code POST /v1/runs/{id}/abort}: idempotent. Waits (bounded) for a running run to stop, so the answer
     * usually shows it {@code aborted}; aborting an ended run returns it unchanged.
     */
    public Run abort(Caller caller, String runId, JsonNode body) {
        caller.require(Scope.RUNS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("reason"));
        String reason = f.string("reason", 1_000).orElse(null);
        f.check();
        Run r = db.write(tx -> {
            Run run = find(tx, caller, runId, true);
            return requestAbort(tx, run, reason != null ? reason : "aborted by " + caller.name(), false);
        });
        if (r.status().terminal()) return r;
        try {
            supervisor.done(runId).get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // answer with the current state; the run ends on its own
        }
        return db.read(tx -> runs.find(tx, runId)).orElseThrow();
    }

    public Run get(Caller caller, String runId) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> find(tx, caller, runId, false));
    }

    public Page<Run> list(Caller caller, String key, RunQuery q) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> {
            sessions.requireReadable(tx, caller, key);
            return runs.listForSession(tx, key, q);
        });
    }

    /**
     * {@code GET /v1/runs/{id}/launch} (admin: it holds the agent's definition): how the run was launched, argv after
     * substitution, workdir and the definition as it was; 404 before the run started.
     */
    public JsonNode launch(Caller caller, String runId) {
        caller.require(Scope.ADMIN);
        Run r = db.read(tx -> find(tx, caller, runId, false));
        if (r.launch() == null) throw ProblemException.notFound("launch of run " + runId + " (it has not started)");
        return Json.readStored(r.launch());
    }

    /** {@code GET /v1/runs}: every run inside the caller's grants, newest first. */
    public Page<Run> list(Caller caller, RunQuery query) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> runs.list(tx, query, caller));
    }

    /** {@code GET /v1/runs/{id}/report}: the report its process wrote ({@code expects_report}); 404 without one. */
    public byte[] report(Caller caller, String runId) {
        caller.require(Scope.TRANSCRIPTS_READ);
        db.read(tx -> find(tx, caller, runId, false));
        return RunReport.read(RunFiles.runDir(dataDir, runId), runId);
    }

    /**
     * {@code GET /v1/runs/{id}/logs}: the last {@code tail} lines (at most {@code maxBytes}) of a process run's stdout
     * or stderr, or both in order ({@code both}, each line prefixed). A run without a log (echo, http, or a process
     * not started yet) has an empty one.
     */
    public String logs(Caller caller, String runId, int tail, long maxBytes, String stream) {
        caller.require(Scope.TRANSCRIPTS_READ);
        db.read(tx -> find(tx, caller, runId, false));
        Path dir = RunFiles.runDir(dataDir, runId);
        Path file = switch (stream) {
            case "stderr" -> ProcessAdapter.stderrLog(dir);
            case "both" -> ProcessAdapter.interleavedLog(dir);
            default -> ProcessAdapter.stdoutLog(dir);
        };
        if (!Files.isRegularFile(file)) {
            if ("both".equals(stream) && Files.isRegularFile(ProcessAdapter.stdoutLog(dir))) {
                throw ProblemException.conflict("run " + runId + " has no combined log: its process was started without "
                        + "the launcher (not on Linux, or by a server older than stream=both); ask for stdout or stderr");
            }
            return "";
        }
        try {
            return LogTail.lastLines(file, tail, maxBytes);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "the log of run " + runId + " could not be read");
        }
    }

    /** The run, or 404 when missing or its session is outside the caller's grants. */
    private Run find(Tx tx, Caller caller, String runId, boolean forWrite) throws SQLException {
        Run r = runs.find(tx, runId).orElseThrow(() -> ProblemException.notFound("run " + runId));
        try {
            if (forWrite) sessions.requireVisible(tx, caller, r.key());
            else sessions.requireReadable(tx, caller, r.key());
        } catch (ProblemException e) {
            throw ProblemException.notFound("run " + runId);
        }
        return r;
    }
}
