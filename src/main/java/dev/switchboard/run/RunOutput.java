package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.NewMessage;
import dev.switchboard.transcript.TranscriptService;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's output journal: turns what an adapter reports into durable transcript messages and
 * {@code run.output} events.
 *
 * <p>Deltas are coalesced: they are buffered and written as one {@code run.output} event at most every
 * {@link RunExecutor#FLUSH_EVERY} (by the run's flusher) or every {@link #FLUSH_CHARS} characters, so a
 * chatty agent doesn't cost a commit per token. The text itself is never lost that way: it accumulates
 * into the run's assistant message, appended when the next complete message arrives or the run ends.
 *
 * <p>A complete message is <em>held</em> until the next one (or the end), so a {@code usage} report that
 * follows it is attached to it; usage with no held message attaches to the next message appended.
 *
 * <p>Locking: the public methods are called by the adapter's thread and the run's flusher; they hold this
 * object's monitor while waiting for their write, whose work (the {@code *InTx} methods, run on the writer
 * thread) never takes the monitor, so the two can't deadlock. {@link #finish} runs inside the final write
 * after both threads have stopped, and takes no monitor either.
 *
 * <p>For process runs it also tracks, per stdout line ({@link #position}), the byte offset up to which
 * everything has been appended, and stores it with each append: a supervisor re-attaching after a
 * restart re-parses stdout from there and so appends each message exactly once.
 */
final class RunOutput implements OutputSink {
    private static final Logger log = LoggerFactory.getLogger(RunOutput.class);
    /** A backlog this large is flushed at once rather than waiting for the timer (bounds event size). */
    static final int FLUSH_CHARS = 4_096;
    private static final long LOG_ACTIVITY_EVERY_MS = 1_000;
    private static final List<String> MESSAGE_FIELDS =
            List.of("role", "content", "name", "tool_call_id", "tool_calls", "usage", "metadata");
    private static final List<String> USAGE_COUNTS = List.of("input_tokens", "output_tokens", "cache_read_tokens",
            "cache_write_tokens", "reasoning_tokens");

    private final String runId;
    private final Session session;
    private final Database db;
    private final StoreRetry retry;
    private final TranscriptService transcripts;
    private final MessageInput messageInput;
    private final EventLog events;
    private final RunStore runs;
    private final DirectiveService directives;
    private final Clock clock;
    private final int maxMessageChars;

    private final StringBuilder unflushed = new StringBuilder();
    private final StringBuilder pendingText = new StringBuilder();
    private ObjectNode held;
    private ObjectNode pendingUsage;
    private volatile ObjectNode runUsage;
    private long lineStart;
    private long lineEnd;
    private long stateStart;
    /** Only the adapter's thread calls {@link #logWritten}. */
    private long lastLogActivity;

    RunOutput(Run run, Session session, RunOutputs with) {
        this.runId = run.id();
        this.session = session;
        this.db = with.db();
        this.retry = with.retry();
        this.transcripts = with.transcripts();
        this.messageInput = with.messageInput();
        this.events = with.events();
        this.runs = with.runs();
        this.directives = with.directives();
        this.clock = with.clock();
        this.maxMessageChars = with.maxMessageChars();
        this.runUsage = run.usage() == null ? null : (ObjectNode) Json.readStored(run.usage());
        this.lineStart = this.lineEnd = this.stateStart = run.outputOffset();
    }

    @Override
    public synchronized void position(long start, long end) {
        lineStart = start;
        lineEnd = end;
    }

    @Override
    public synchronized void delta(String text) {
        if (text.isEmpty()) return;
        markState();
        pendingText.append(text);
        unflushed.append(text);
        if (unflushed.length() < FLUSH_CHARS) return;
        try {
            flushDeltas();
        } catch (StoreException e) {
            // Not written: the text stays buffered for the flusher's next tick, or the run's final write.
        }
    }

    @Override
    public synchronized void message(JsonNode message) {
        ObjectNode m = message.deepCopy();
        m.retain(MESSAGE_FIELDS); // "type" and any extras an agent adds (ids, timestamps) are not message fields
        if (!m.has("role")) m.put("role", "assistant");
        ObjectNode metadata = m.path("metadata").isObject() ? (ObjectNode) m.get("metadata") : m.putObject("metadata");
        metadata.put("run_id", runId);
        try {
            messageInput.parse(m);
        } catch (ProblemException e) {
            // Not a message we can store: keep it as text so nothing the agent said is dropped.
            log.warn("run {}: message line rejected ({}); kept as text", runId, e.detail());
            delta(Json.write(message) + "\n");
            return;
        }
        var toAppend = drainState();
        held = m;
        if (pendingUsage != null && toAppend.isEmpty()) {
            mergeUsage(held, pendingUsage);
            pendingUsage = null;
        }
        stateStart = lineStart;
        if (!toAppend.isEmpty()) {
            long offset = stateStart;
            retry.write("output", runId, tx -> {
                appendInTx(tx, toAppend, offset);
                return null;
            });
        }
    }

    @Override
    public synchronized void usage(JsonNode usage) {
        ObjectNode u = usage.deepCopy();
        u.remove("type");
        runUsage = sum(runUsage, u);
        if (held != null) {
            mergeUsage(held, u);
        } else {
            markState();
            pendingUsage = sum(pendingUsage, u);
        }
    }

    /** At most one write per {@link #LOG_ACTIVITY_EVERY_MS}: a process logging busily must not cost a commit per line. */
    @Override
    public void logWritten() {
        long now = clock.millis();
        if (now - lastLogActivity < LOG_ACTIVITY_EVERY_MS) return;
        lastLogActivity = now;
        try {
            db.write(tx -> {
                runs.touchActivity(tx, runId, now);
                return null;
            });
        } catch (StoreException e) {
            // Best effort: the next log write, or the next output, records activity again.
        }
    }

    @Override
    public void ack(String directiveId, JsonNode result) {
        retry.write("output", runId, tx -> {
            directives.ackFromAgent(tx, session, directiveId, result);
            return null;
        });
    }

    /** Writes buffered deltas as one {@code run.output} event (the flusher calls this periodically). */
    synchronized void flushDeltas() {
        if (unflushed.isEmpty()) return;
        db.write(tx -> {
            flushDeltasInTx(tx);
            return null;
        });
    }

    /**
     * Ends the journal inside the run's final transaction: the last deltas, then (unless {@code discard})
     * the held message and the remaining text as messages. Text of an aborted run is marked {@code partial}.
     */
    void finish(Tx tx, boolean discard, boolean partial) throws SQLException {
        flushDeltasInTx(tx);
        if (discard) {
            held = null;
            pendingText.setLength(0);
            pendingUsage = null;
            return;
        }
        boolean textLeft = !pendingText.isEmpty();
        var messages = drainState();
        if (partial && textLeft) ((ObjectNode) messages.getLast().get("metadata")).put("partial", true);
        appendInTx(tx, messages, lineEnd);
    }

    /** The run's summed usage as JSON text, or null when the agent reported none. */
    String usageJson() {
        return runUsage == null ? null : Json.write(runUsage);
    }

    private void markState() {
        if (held == null && pendingText.isEmpty() && pendingUsage == null) stateStart = lineStart;
    }

    /** Takes the held message and the pending text (as a message), in the order the agent produced them. */
    private List<ObjectNode> drainState() {
        var out = new ArrayList<ObjectNode>(2);
        if (held != null) out.add(held);
        out.addAll(textMessages());
        held = null;
        pendingText.setLength(0);
        if (pendingUsage != null && !out.isEmpty()) {
            mergeUsage(out.getLast(), pendingUsage);
            pendingUsage = null;
        }
        return out;
    }

    /**
     * The pending text as assistant messages: one, or several when it exceeds {@code limits.max_message_chars}
     * (a long answer is split, never truncated).
     */
    private List<ObjectNode> textMessages() {
        var out = new ArrayList<ObjectNode>();
        for (int from = 0; from < pendingText.length(); from += maxMessageChars) {
            ObjectNode m = Json.object();
            m.put("role", "assistant");
            m.put("content", pendingText.substring(from, Math.min(pendingText.length(), from + maxMessageChars)));
            m.putObject("metadata").put("run_id", runId);
            out.add(m);
        }
        return out;
    }

    private void flushDeltasInTx(Tx tx) throws SQLException {
        if (unflushed.isEmpty()) return;
        String text = unflushed.toString();
        unflushed.setLength(0);
        long now = clock.millis();
        events.append(tx, EventType.RUN_OUTPUT, session.key(), session.channel(), session.agent(), now,
                Map.of("run_id", runId, "delta", text));
        runs.touchActivity(tx, runId, now);
    }

    private void appendInTx(Tx tx, List<ObjectNode> messages, long offset) throws SQLException {
        flushDeltasInTx(tx);
        if (!messages.isEmpty()) {
            var parsed = new ArrayList<NewMessage>(messages.size());
            for (ObjectNode m : messages) parsed.addAll(messageInput.parse(m));
            transcripts.appendParsed(tx, SystemCaller.INSTANCE, session.key(), parsed);
        }
        Run r = runs.find(tx, runId).orElseThrow(() -> new SQLException("run " + runId + " vanished"));
        String usage = usageJson();
        if (!messages.isEmpty()) runs.touchActivity(tx, runId, clock.millis());
        runs.update(tx, r.with(d -> {
            d.outputOffset = offset;
            d.usage = usage;
        }));
    }

    private static void mergeUsage(ObjectNode message, ObjectNode usage) {
        JsonNode existing = message.get("usage");
        message.set("usage", sum(existing instanceof ObjectNode o ? o : null, usage));
    }

    /** Adds token counts and cost; the latest {@code model} wins. */
    private static ObjectNode sum(ObjectNode into, ObjectNode add) {
        ObjectNode out = into == null ? Json.object() : into.deepCopy();
        for (String k : USAGE_COUNTS) {
            if (add.path(k).canConvertToLong()) out.put(k, out.path(k).asLong(0) + add.get(k).asLong());
        }
        if (add.path("cost_usd").isNumber()) out.put("cost_usd", out.path("cost_usd").asDouble(0) + add.get("cost_usd").asDouble());
        if (add.path("model").isTextual()) out.put("model", add.get("model").asText());
        return out;
    }
}
