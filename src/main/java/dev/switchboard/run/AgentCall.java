package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.context.AssembledContext;
import dev.switchboard.json.Json;
import dev.switchboard.store.Database;
import dev.switchboard.transcript.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes an agent once for work the gateway does itself, not as a run of a session (today: compaction
 * summaries). Same agent definitions and adapters as runs (process, http, echo), but no run row, no transcript
 * writes, no events and no agent slot: the caller bounds its own concurrency. The agent gets {@code prompt} as its
 * input (stdin, {@code {prompt}} argument, jsonl input line, or the one user message of an http request) and what
 * it outputs — streamed text and complete messages, in order — comes back as one text. The agent definition's
 * {@code timeout_seconds} and {@code max_concurrent} don't apply: the caller gives the timeout and bounds concurrency.
 *
 * <p>Failure paths: an undefined agent, a process that can't start or exits non-zero, an http error, output over
 * {@code maxChars}, or no answer within {@code timeout} (the process gets SIGTERM, then SIGKILL after its grace; the
 * http stream is closed) all return {@link Result.Failed} with the reason; nothing is thrown but interruption.
 */
public final class AgentCall {
    /**
     * @param id        names the call (logs, {@code SWITCHBOARD_RUN_ID} of a process)
     * @param workDir   where a process agent's stdout/stderr logs go (the caller deletes it afterwards)
     * @param stop      lets the caller stop the call early (e.g. shutdown)
     * @param started   told a process agent's pid and start time as soon as it exists
     */
    public record Request(String id, String sessionKey, String agentId, String prompt, Duration timeout, int maxChars,
                          Path workDir, StopSignal stop, Started started) {}

    /** Records a process agent's pid, so a restarted server can stop one a crash left behind. */
    @FunctionalInterface
    public interface Started {
        void started(long pid, Instant startedAt);
    }

    public sealed interface Result {
        /** What the agent answered, and the usage it reported (or null). */
        record Output(String text, JsonNode usage) implements Result {}

        record Failed(String error) implements Result {}
    }

    private final Database db;
    private final AgentRegistry agents;
    private final Clock clock;
    private final Adapters adapters = new Adapters();

    public AgentCall(Database db, AgentRegistry agents, Clock clock) {
        this.db = db;
        this.agents = agents;
        this.clock = clock;
    }

    public Optional<Agent> find(String agentId) {
        return db.read(tx -> agents.find(tx, agentId));
    }

    public Result call(Request r) throws InterruptedException {
        Agent agent = find(r.agentId()).orElse(null);
        if (agent == null) return new Result.Failed("agent " + r.agentId() + " is not defined (GET /v1/agents lists them)");
        var out = new CollectedOutput(r.maxChars());
        Adapter adapter = adapters.create(agent.spec(), r.started()::started);
        ObjectNode input = Json.object().put("role", "user").put("content", r.prompt());
        Instant now = clock.instant();
        var run = new Run(r.id(), r.sessionKey(), null, agent.id(), RunStatus.RUNNING, OnActive.REJECT, now, now, null, null,
                null, null, null, null, null, null, List.of(), 0, null, null, 0, false, null, RunOptions.NONE, null);
        var message = new Message(1, r.id(), null, "user", Json.write(r.prompt()), null, null, null, null, null, now);
        var context = new AssembledContext(r.sessionKey(), null, null, null, null, List.of(message), List.of(), null,
                new AssembledContext.Tokens(0, 0, 0, 0, 0, 0), 1);
        var call = new AdapterRun(run, input, r.prompt(), List.of(), () -> context, r.workDir(), out, r.stop());
        Thread timer = Thread.ofVirtual().name("agent-call-timeout-" + r.id()).start(() -> {
            try {
                if (!r.stop().await(r.timeout())) r.stop().stop(StopSignal.Reason.TIMEOUT);
            } catch (InterruptedException e) {
                // the call ended first
            }
        });
        Outcome outcome;
        try {
            outcome = adapter.run(call);
        } finally {
            timer.interrupt();
        }
        if (r.stop().reason() == StopSignal.Reason.TIMEOUT) {
            String how = outcome.error() == null ? "" : " (" + outcome.error() + ")";
            return new Result.Failed("timed out after " + r.timeout().toSeconds() + " s" + how);
        }
        if (r.stop().stopped()) return new Result.Failed("stopped: " + r.stop().reason().name().toLowerCase(Locale.ROOT));
        if (!outcome.success()) return new Result.Failed(outcome.error());
        if (out.overflowed()) return new Result.Failed("the answer is longer than " + r.maxChars() + " characters");
        return new Result.Output(out.text(), out.usage());
    }

    /**
     * Stops a process agent an earlier server process started for a call and left behind when it died: only when
     * {@code pid} is alive and is still that process (same start time; pids are reused). SIGTERM, then SIGKILL after
     * {@code grace}; waits for it to go. True when there was such a process.
     */
    public static boolean stopLeftover(long pid, long startedAtMillis, Duration grace) {
        Optional<ProcessHandle> same = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == startedAtMillis).orElse(false));
        if (same.isEmpty()) return false;
        new ProcessTree(same.get(), grace).stop(); // the launcher and everything it started
        try {
            same.get().onExit().get(grace.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // SIGKILL has been sent; nothing more to do
        }
        return true;
    }
}
