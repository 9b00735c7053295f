package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.session.UsageTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Codex rollouts: {@code ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl}, one session per file, a
 * linear list of {@code {timestamp, type, payload}} lines (openai/codex {@code RolloutLine}; docs/import.md).
 *
 * <p>Lines have no ids, so a message's source id is a hash of its line's bytes (stable while the file is only
 * appended to, and checked on resume: a file rewritten under the import is a history change). Usage comes in
 * {@code token_count} events after the model output it belongs to, as cumulative totals: the reader attaches
 * the growth of the totals over what the session already holds to that output, so usage is counted once even
 * when an event repeats or the import resumes between the two lines. While following, the last model output
 * waits for its event (it is not consumed) unless the read is {@link ReadContext#complete}.
 */
public final class CodexReader implements SourceReader {
    public static final String KIND = "codex";
    private static final Pattern UUID_TAIL = Pattern.compile(".*-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");

    private final CodexThreadNames names = new CodexThreadNames();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Path> defaultPaths(Path home) {
        return List.of(home.resolve(".codex/sessions"));
    }

    @Override
    public List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(p -> p.getFileName().toString().startsWith("rollout-")
                            && p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** {@code codex:<id>} from the file name; the {@code session_meta} line says the same in every real rollout. */
    static String keyOf(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        var m = UUID_TAIL.matcher(stem);
        return "codex:" + Sources.keyPart(m.matches() ? m.group(1) : stem);
    }

    @Override
    public synchronized void read(Path file, ReadContext ctx) throws IOException {
        String key = keyOf(file);
        var existing = ctx.existing(key);
        SourceRef known = existing.flatMap(ImportTarget.Existing::last).orElse(null);
        var state = new CodexRead(file, key, ctx, existing.map(ImportTarget.Existing::usage).orElse(UsageTotals.ZERO),
                names.of(file));
        long start = 0;
        long firstLine = 1;
        if (known != null) {
            if (JsonLines.isAt(file, known)) {
                start = known.offset();
                firstLine = known.line();
                state.skipThrough(known.line());
            } else {
                ctx.sink().historyChanged(key, "the file no longer has the newest imported line (" + known.line()
                        + ") at offset " + known.offset() + "; it was rewritten");
            }
        }
        if (existing.isPresent()) ctx.sink().session(state.session(null));
        long end = JsonLines.read(file, start, firstLine, state::line, state::oversized);
        ctx.sink().consumed(state.finish(end));
    }

    /** The state of one read of one rollout file. */
    private static final class CodexRead {
        final Path file;
        final String key;
        final ReadContext ctx;
        final String threadName;
        long[] counted;
        long skipUntilLine;
        boolean sessionSent;
        ObjectNode sessionMeta;
        String parentKey;
        Instant startedAt;
        String model;
        String title;
        SourceMessage pending;
        ObjectNode orphanUsage;

        CodexRead(Path file, String key, ReadContext ctx, UsageTotals imported, String threadName) {
            this.file = file;
            this.key = key;
            this.ctx = ctx;
            this.threadName = threadName;
            this.title = threadName;
            this.counted = new long[] {imported.inputTokens(), imported.cacheReadTokens(), imported.outputTokens(),
                    imported.reasoningTokens()};
        }

        void skipThrough(long line) {
            skipUntilLine = line;
            sessionSent = true; // the session exists; the minimal record below is enough to append to it
        }

        SourceSession session(String newModel) {
            ObjectNode source = sessionMeta != null ? sessionMeta : Json.object();
            source.put("file", file.toString());
            return new SourceSession(key, parentKey, KIND, KIND, title, newModel != null ? newModel : model, startedAt,
                    Sources.sessionMetadata(KIND, source));
        }

        boolean line(long number, long offset, byte[] b, int s, int len) {
            if (number <= skipUntilLine || JsonLines.blank(b, s, len)) return true;
            ObjectNode line;
            try {
                line = JsonLines.parse(b, s, len).node();
            } catch (JsonLines.BadLine e) {
                ctx.sink().rejected(number, e.getMessage());
                return true;
            }
            String type = line.path("type").asText("");
            JsonNode payload = line.path("payload");
            Instant at = Sources.time(line.path("timestamp"));
            var ref = new SourceRef(JsonLines.lineId(b, s, len), null, number, offset, null);
            switch (type) {
                case "session_meta" -> meta(payload);
                case "response_item" -> item(payload, ref, at);
                case "compacted" -> compacted(payload, ref, at);
                case "turn_context" -> {
                    if (payload.path("model").isTextual()) model = payload.path("model").asText();
                    ctx.sink().skipped(type, 1);
                }
                case "event_msg" -> event(payload);
                default -> ctx.sink().skipped(type.isEmpty() ? "(no type)" : type, 1);
            }
            return true;
        }

        void oversized(long number, long offset, long length) {
            ctx.sink().rejected(number, "line of " + length + " bytes is longer than " + JsonLines.MAX_LINE);
        }

        private void meta(JsonNode p) {
            ObjectNode source = Json.object();
            for (String f : List.of("id", "forked_from_id", "cwd", "originator", "cli_version", "model_provider",
                    "agent_nickname", "agent_role")) {
                if (p.path(f).isTextual()) source.put(f, p.path(f).asText());
            }
            if (p.has("source")) source.set("source", p.get("source"));
            if (p.path("git").isObject()) source.set("git", p.get("git"));
            sessionMeta = source;
            startedAt = Sources.time(p.path("timestamp"));
            String parent = p.path("source").path("subagent").path("thread_spawn").path("parent_thread_id").asText(null);
            if (parent != null) parentKey = "codex:" + Sources.keyPart(parent);
        }

        private void ensureSession() {
            if (sessionSent) return;
            sessionSent = true;
            ctx.sink().session(session(null));
        }

        private void item(JsonNode p, SourceRef ref, Instant at) {
            ensureSession();
            SourceMessage m = CodexItems.map(p, key, ref, at);
            flushPending();
            if (CodexItems.modelOutput(p)) {
                pending = orphanUsage != null ? m.withUsage(orphanUsage) : m;
                orphanUsage = null;
            } else {
                ctx.sink().message(m);
            }
        }

        private void compacted(JsonNode p, SourceRef ref, Instant at) {
            ensureSession();
            flushPending();
            ObjectNode meta = Json.object();
            ObjectNode c = meta.putObject("compaction").put("kind", "codex.compacted");
            if (p.path("replacement_history").isArray()) c.put("replacement_history_items", p.path("replacement_history").size());
            ctx.sink().message(new SourceMessage(key, ref, "system", p.path("message").isTextual() ? p.get("message")
                    : Json.MAPPER.getNodeFactory().textNode("[compacted]"), null, null, null, null, at, meta));
        }

        private void event(JsonNode p) {
            String type = p.path("type").asText("");
            switch (type) {
                case "token_count" -> tokenCount(p);
                case "thread_name_updated" -> {
                    if (p.path("thread_name").isTextual()) title = p.path("thread_name").asText();
                }
                default -> ctx.sink().skipped("event_msg:" + type, 1);
            }
        }

        private void tokenCount(JsonNode p) {
            long[] totals = CodexItems.totals(p);
            if (totals == null) return;
            boolean grew = totals[0] + totals[2] > counted[0] + counted[2];
            if (!grew) return; // a repeated event (rate-limit updates repeat the totals) or one already imported
            ObjectNode usage = CodexItems.usage(totals, counted, model);
            counted = totals;
            if (pending != null) {
                ctx.sink().message(pending.withUsage(usage));
                pending = null;
            } else {
                orphanUsage = usage;
            }
        }

        private void flushPending() {
            if (pending != null) ctx.sink().message(pending);
            pending = null;
        }

        /** Hands over or holds back the last model output; returns the offset the reader is done with. */
        long finish(long end) {
            long done = end;
            if (pending != null && ctx.complete()) flushPending();
            else if (pending != null) done = pending.ref().offset();
            if (sessionSent && (model != null || title != null)) ctx.sink().session(session(model));
            return done;
        }
    }
}
