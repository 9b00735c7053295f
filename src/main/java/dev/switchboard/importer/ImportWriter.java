package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns what a reader hands over into batch appends against an {@link ImportTarget}: one writer per file
 * read. Sessions are created when their first batch is written (parents before children), batches are cut
 * at {@value #BATCH} messages or ≈ 2 M characters, and a batch the target refuses is split until the one
 * refused message is found and reported; the others go in.
 *
 * <p><b>Where import state lives, and why it is crash-safe.</b> The truth is the transcript: every imported
 * message keeps its {@link SourceRef} in {@code metadata.source}, and a reader continues after the newest one
 * ({@link ReadContext#known}). A batch is appended all or nothing, in source order, so after a crash between
 * two batches the transcript ends exactly at the last whole batch, and the next read continues there: nothing
 * is skipped, nothing is sent twice. When the source no longer continues from that message (a rewound branch,
 * a rewritten file) the reader says so ({@link #historyChanged}) and the writer skips, by id, whatever the
 * session already holds. The follower's stored file offsets ({@link ImportMarks}) only spare it from re-reading
 * unchanged files; they are written after the appends and are never trusted over the transcript.
 */
public final class ImportWriter implements RecordSink {
    static final int BATCH = 1000;            // the server's default limits.max_batch_messages
    private static final long BATCH_CHARS = 2L << 20; // well under the default 4 MiB request body

    private final ImportTarget target;
    private final ImportReport report;
    private final String kind;
    private final String file;
    private final Routing routing;
    private final boolean countExisting;
    private final ImportProgress progress;
    private final AtomicLong written = new AtomicLong();
    /** The batch being appended while the reader reads on (at most one: order and memory stay bounded). */
    private Thread inFlight;
    private volatile RuntimeException failure;
    private final Map<String, State> states = new LinkedHashMap<>();
    private long consumed;

    /** The agent and channel a {@code [[sources]]} entry or the CLI imposes on every session (null: the reader's). */
    public record Routing(String agent, String channel) {
        public static final Routing NONE = new Routing(null, null);
    }

    private final class State {
        final String key;
        SourceSession source;
        Optional<ImportTarget.Existing> existing;
        boolean ensured;
        Set<String> importedIds;
        final List<SourceMessage> pending = new ArrayList<>();
        long pendingChars;
        String sentTitle;
        String sentModel;

        State(String key) {
            this.key = key;
        }

        Optional<ImportTarget.Existing> existing() {
            if (existing == null) {
                existing = target.find(key);
                existing.ifPresent(e -> {
                    sentTitle = e.title();
                    sentModel = e.model();
                    if (countExisting) report.alreadyImported(e.messageCount());
                });
            }
            return existing;
        }
    }

    /**
     * @param countExisting count the messages sessions already hold as "already imported" (a one-shot run's
     *                      summary); off for the follower, which reads the same sessions again and again
     */
    public ImportWriter(ImportTarget target, ImportReport report, String kind, String file, Routing routing,
                        boolean countExisting, ImportProgress progress) {
        this.progress = progress;
        this.target = target;
        this.report = report;
        this.kind = kind;
        this.file = file;
        this.routing = routing;
        this.countExisting = countExisting;
    }

    Optional<ImportTarget.Existing> existing(String key) {
        return state(key).existing();
    }

    private State state(String key) {
        return states.computeIfAbsent(key, State::new);
    }

    /** Bytes of the file the reader is done with. */
    public long consumed() {
        return consumed;
    }

    @Override
    public void session(SourceSession session) {
        state(session.key()).source = session.routed(routing.agent(), routing.channel());
    }

    @Override
    public void message(SourceMessage m) {
        State st = state(m.sessionKey());
        if (st.source == null) throw new IllegalStateException("reader handed a message of " + m.sessionKey() + " before its session");
        if (st.importedIds != null && st.importedIds.contains(m.ref().id())) {
            report.duplicateSkipped();
            return;
        }
        st.pending.add(m);
        st.pendingChars += TargetJson.size(m.content()) + TargetJson.size(m.toolCalls()) + 256;
        if (st.pending.size() >= BATCH || st.pendingChars >= BATCH_CHARS) flush(st);
    }

    @Override
    public void historyChanged(String key, String detail) {
        report.historyChanged(file, key, detail);
        skipImported(key);
    }

    void skipImported(String key) {
        State st = state(key);
        flush(st);
        awaitInFlight();
        if (st.importedIds == null) st.importedIds = st.existing().isPresent() ? target.importedIds(key) : Set.of();
    }

    @Override
    public void rejected(long line, String why) {
        report.rejected(file, line, why);
    }

    @Override
    public void skipped(String type, long count) {
        report.skipped(type, count);
    }

    @Override
    public void warning(long line, String why) {
        report.warning(file, line, why);
    }

    @Override
    public void consumed(long offset) {
        consumed = Math.max(consumed, offset);
        progress.advanced(consumed, written.get());
    }

    /** Writes everything still pending, then titles, models and source session ids that changed. */
    public void finish() {
        for (State st : List.copyOf(states.values())) flush(st);
        awaitInFlight();
        for (State st : states.values()) {
            if (st.source == null || !st.ensured && st.existing().isEmpty()) continue;
            String title = st.source.title() != null && !st.source.title().equals(st.sentTitle) ? st.source.title() : null;
            String model = st.source.model() != null && !st.source.model().equals(st.sentModel) ? st.source.model() : null;
            ObjectNode ids = newSourceSessions(st);
            if (title == null && model == null && ids == null) continue;
            target.update(st.key, title, model, ids);
            report.updated(st.key);
        }
    }

    /**
     * A metadata patch adding the source sessions this read imported into an existing session (an OpenClaw or
     * hermes key spans several), or null when it lists them all already.
     */
    private ObjectNode newSourceSessions(State st) {
        JsonNode wanted = st.source.metadata() == null ? null : st.source.metadata().path("source").get("session_ids");
        if (wanted == null || !wanted.isArray() || st.existing().isEmpty()) return null;
        JsonNode held = st.existing().get().metadata();
        ArrayNode union = Json.MAPPER.createArrayNode();
        held.path("source").path("session_ids").forEach(union::add);
        boolean added = false;
        for (JsonNode id : wanted) {
            if (!TargetJson.holdsSourceSession(held, id.asText())) {
                union.add(id);
                added = true;
            }
        }
        if (!added) return null;
        ObjectNode patch = Json.object();
        patch.putObject("source").set("session_ids", union);
        return patch;
    }

    /** See {@link ImportTarget#keyOfSourceSession}; asked once per read. */
    Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId) {
        return target.keyOfSourceSession(keyPrefix, sourceSessionId);
    }

    /**
     * Hands the session's pending messages to a virtual thread that appends them while the reader goes on
     * parsing: the file is read and the store written at the same time (on two cores, about twice the
     * throughput of one after the other). One batch at a time, so batches still land in order.
     */
    private void flush(State st) {
        if (st.pending.isEmpty()) return;
        awaitInFlight();
        ensure(st);
        var batch = List.copyOf(st.pending);
        st.pending.clear();
        st.pendingChars = 0;
        inFlight = Thread.ofVirtual().name("import-append").start(() -> {
            try {
                long n = append(st, batch);
                if (n > 0) {
                    report.imported(n);
                    report.updated(st.key);
                    written.addAndGet(n);
                }
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                failure = new IllegalStateException("append to " + st.key + " failed: " + e, e);
            }
        });
    }

    /** Waits for the batch in flight; its failure (the target unreachable, the store closing) surfaces here. */
    private void awaitInFlight() {
        if (inFlight != null) {
            try {
                inFlight.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while appending", e);
            }
            inFlight = null;
        }
        RuntimeException f = failure;
        failure = null;
        if (f != null) throw f;
        progress.advanced(consumed, written.get());
    }

    /** Creates the session (its parent first, when this read knows it) unless it exists and is live. */
    private void ensure(State st) {
        if (st.ensured) return;
        st.ensured = true;
        String parent = st.source.parentKey();
        if (parent != null && states.containsKey(parent) && states.get(parent).source != null) ensure(states.get(parent));
        var existing = st.existing();
        if (existing.isPresent() && !existing.get().ended()) return;
        if (target.create(st.source)) {
            report.created(st.key);
            st.sentTitle = st.source.title();
            st.sentModel = st.source.model();
        }
    }

    /** Appends, splitting refused batches down to the refused message; returns how many went in. */
    private long append(State st, List<SourceMessage> batch) {
        try {
            appendReviving(st, batch);
            return batch.size();
        } catch (ImportTarget.Refused e) {
            if (batch.size() == 1) {
                report.rejected(file, batch.getFirst().ref().line(), "refused by the server: " + e.getMessage());
                return 0;
            }
            int mid = batch.size() / 2;
            return append(st, batch.subList(0, mid)) + append(st, batch.subList(mid, batch.size()));
        }
    }

    private void appendReviving(State st, List<SourceMessage> batch) {
        try {
            target.append(st.key, TargetJson.batch(kind, batch));
        } catch (ImportTarget.Ended e) {
            // the sweeper ended the session while its source was quiet; the conversation goes on
            target.create(st.source);
            target.append(st.key, TargetJson.batch(kind, batch));
        }
    }

    @Override
    public String toString() {
        return "ImportWriter[" + kind + " " + Objects.requireNonNullElse(file, "") + "]";
    }
}
