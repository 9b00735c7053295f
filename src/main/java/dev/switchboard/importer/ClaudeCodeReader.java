package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Claude Code transcripts: {@code ~/.claude/projects/<encoded-cwd>/<sessionId>.jsonl}, their subagents
 * ({@code <sessionId>/subagents/agent-<id>.jsonl}, or {@code agent-<id>.jsonl} beside the session in older
 * versions) and sidechains inside older main files.
 *
 * <p>Two passes per read: {@link ClaudeCodeScan} indexes every line (ids and parents only), which gives each
 * conversation's active branch — the chain of parents from its newest message — and where the import stands
 * on it; then only the lines to import are parsed in full, in file order. The scan of a file is kept between
 * reads (a few files, the ones the follower sees growing) and continued where it stopped.
 */
public final class ClaudeCodeReader implements SourceReader {
    public static final String KIND = "claude-code";
    private static final int CACHED_SCANS = 8;
    /** Entries the cached scans may hold together (≈ 35 bytes each): a few big files, or many small ones. */
    private static final long CACHED_ENTRIES = 2_000_000;
    private static final int MAX_META_FILE = 64 * 1024;

    private final Map<Path, ClaudeCodeScan> scans = new LinkedHashMap<>(16, 0.75f, true);

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Path> defaultPaths(Path home) {
        return List.of(home.resolve(".claude/projects"), home.resolve(".config/claude/projects"));
    }

    /** Every {@code .jsonl} below {@code path}; sessions before the subagents they spawned (parents first). */
    @Override
    public List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing((Path p) -> isAgentFile(p) ? 1 : 0).thenComparing(Path::toString))
                    .toList();
        }
    }

    static boolean isAgentFile(Path file) {
        return file.getFileName().toString().startsWith("agent-");
    }

    @Override
    public synchronized void read(Path file, ReadContext ctx) throws IOException {
        ClaudeCodeScan scan = scan(file);
        var keys = new SessionKeys(file, scan);
        var plan = new BitSet(scan.index.size()); // the entries to import, of every group (an entry knows its group)
        reportScan(scan, ctx, ctx.known(keys.key(scan.groups.getFirst())).map(SourceRef::offset).orElse(-1L));
        for (ClaudeCodeScan.Group g : scan.groups) {
            int leaf = scan.index.leaf(g.id);
            if (leaf < 0) continue;
            String key = keys.key(g);
            var known = ctx.known(key);
            ctx.sink().session(session(file, scan, g, keys));
            plan.or(ActiveBranch.entriesAfter(scan.index, leaf, key, known.orElse(null), ctx.sink()));
        }
        emit(file, scan, keys, plan, ctx);
        ctx.sink().consumed(scan.end);
    }

    /** The scan of {@code file}: the cached one continued when the file only grew, else a new one. */
    private ClaudeCodeScan scan(Path file) throws IOException {
        var attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Object fileKey = attrs.fileKey();
        ClaudeCodeScan scan = scans.get(file);
        boolean reusable = scan != null && Objects.equals(scan.fileKey, fileKey) && attrs.size() >= scan.end
                && stillIndexed(file, scan.index);
        if (!reusable) {
            String stem = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            scan = new ClaudeCodeScan(isAgentFile(file), isAgentFile(file) ? null : stem, fileKey);
            scans.put(file, scan);
        }
        scan.scan(file);
        evict();
        return scan;
    }

    /** Drops the least recently read scans beyond {@link #CACHED_SCANS} or {@link #CACHED_ENTRIES}. */
    private void evict() {
        long entries = scans.values().stream().mapToLong(s -> s.index.size()).sum();
        var it = scans.values().iterator();
        while (it.hasNext() && (scans.size() > CACHED_SCANS || entries > CACHED_ENTRIES) && scans.size() > 1) {
            entries -= it.next().index.size();
            it.remove();
        }
    }

    /** Whether the last indexed line is still where the index has it (a truncated file may have grown back past it). */
    private static boolean stillIndexed(Path file, TreeIndex index) throws IOException {
        if (index.size() == 0) return true;
        int last = index.size() - 1;
        boolean[] same = {false};
        JsonLines.read(file, index.offset(last), index.line(last), (n, off, b, st, len) -> {
            try {
                same[0] = index.find(JsonLines.parse(b, st, len).node().path("uuid").asText(null)) == last;
            } catch (JsonLines.BadLine e) {
                same[0] = false;
            }
            return false;
        }, (n, off, len) -> { });
        return same[0];
    }

    /**
     * Reports the scan's bad and skipped lines: all of a continued scan (they are new), only those after the
     * resume point of a fresh one (the rest were reported when they were imported).
     */
    private static void reportScan(ClaudeCodeScan scan, ReadContext ctx, long resumeOffset) {
        for (var bad : scan.bad) {
            if (scan.continued || bad.offset() > resumeOffset) ctx.sink().rejected(bad.line(), bad.why());
        }
        for (long line : scan.repaired) ctx.sink().repaired(line);
        if (scan.continued || resumeOffset < 0) scan.skipped.forEach(ctx.sink()::skipped);
    }

    private static SourceSession session(Path file, ClaudeCodeScan scan, ClaudeCodeScan.Group g, SessionKeys keys) {
        ObjectNode source = Json.object();
        source.put("file", file.toString());
        source.put("project", keys.project);
        Sources.putIfText(source, "session_id", g.id == 0 && !scan.agentFile ? scan.fileSessionId : g.sessionId);
        Sources.putIfText(source, "agent_id", g.agentId != null ? g.agentId : keys.fileAgentId);
        Sources.putIfText(source, "cwd", g.cwd);
        Sources.putIfText(source, "git_branch", g.gitBranch);
        Sources.putIfText(source, "version", g.version);
        if (g.id == 0 && scan.agentFile) agentMeta(file).ifPresent(m -> source.set("agent_meta", m));
        String title = g.id != 0 ? null
                : scan.customTitle != null ? scan.customTitle : scan.aiTitle != null ? scan.aiTitle : scan.summary;
        return new SourceSession(keys.key(g), keys.parentKey(g), KIND, KIND, title, null,
                Sources.time(Json.MAPPER.getNodeFactory().textNode(g.firstTimestamp)), Sources.sessionMetadata(KIND, source));
    }

    /** The {@code agent-<id>.meta.json} sidecar of a subagent file (its spawning tool call), when small. */
    private static java.util.Optional<JsonNode> agentMeta(Path file) {
        Path meta = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jsonl$", ".meta.json"));
        try {
            if (!Files.isRegularFile(meta) || Files.size(meta) > MAX_META_FILE) return java.util.Optional.empty();
            return java.util.Optional.of(Json.MAPPER.readTree(meta.toFile()));
        } catch (IOException e) {
            return java.util.Optional.empty(); // a broken sidecar costs only its detail
        }
    }

    /** Parses and hands over the planned entries, reading the file once from the first of them. */
    private static void emit(Path file, ClaudeCodeScan scan, SessionKeys keys, BitSet plan, ReadContext ctx)
            throws IOException {
        TreeIndex index = scan.index;
        var models = new LinkedHashMap<Integer, String>();
        ActiveBranch.read(file, index, plan, (entry, number, offset, b, s, len) -> {
            ClaudeCodeScan.Group g = scan.groups.get(index.group(entry));
            try {
                var parsed = JsonLines.parse(b, s, len);
                ObjectNode line = parsed.node();
                var ref = new SourceRef(line.path("uuid").asText(), parent(line), number, offset, null);
                boolean countUsage = index.has(entry, TreeIndex.USAGE_OWNER) && !index.has(entry, TreeIndex.COPIED);
                SourceMessage m = ClaudeCodeMessages.map(line, keys.key(g), ref, countUsage);
                if (parsed.repaired()) m.metadata().put("invalid_utf8_replaced", true);
                if (index.has(entry, TreeIndex.COPIED)) m.metadata().put("copied_from_session", line.path("sessionId").asText());
                ctx.sink().message(m);
                if (m.usage() != null && m.usage().hasNonNull("model")) models.put(g.id, m.usage().get("model").asText());
            } catch (JsonLines.BadLine e) {
                ctx.sink().rejected(number, e.getMessage()); // the scan could read it: it changed under us
            }
        });
        models.forEach((group, model) -> ctx.sink().session(session(file, scan, scan.groups.get(group), keys).withModel(model)));
    }

    private static String parent(ObjectNode line) {
        JsonNode p = line.get("parentUuid");
        if (p != null && p.isTextual()) return p.asText();
        JsonNode lp = line.get("logicalParentUuid");
        return lp != null && lp.isTextual() ? lp.asText() : null;
    }

    /** The keys of a file's conversations: {@code claude-code:<project>:<sessionId>[:agent-<id>]}. */
    private static final class SessionKeys {
        final String project;
        final String mainKey;
        final String parentOfFile;
        final String fileAgentId;

        SessionKeys(Path file, ClaudeCodeScan scan) {
            String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            Path dir = file.getParent();
            boolean nested = scan.agentFile && dir != null && dir.getFileName() != null
                    && dir.getFileName().toString().equals("subagents");
            Path projectDir = nested ? dir.getParent().getParent() : dir;
            this.project = Sources.keyPart(projectDir == null || projectDir.getFileName() == null ? "unknown"
                    : projectDir.getFileName().toString());
            if (scan.agentFile) {
                this.fileAgentId = name.substring("agent-".length());
                String parentSession = nested ? dir.getParent().getFileName().toString()
                        : Objects.requireNonNullElse(scan.groups.getFirst().sessionId, "unknown");
                this.parentOfFile = "claude-code:" + project + ":" + Sources.keyPart(parentSession);
                this.mainKey = parentOfFile + ":agent-" + Sources.keyPart(fileAgentId);
            } else {
                this.fileAgentId = null;
                this.parentOfFile = null;
                this.mainKey = "claude-code:" + project + ":" + Sources.keyPart(name);
            }
        }

        String key(ClaudeCodeScan.Group g) {
            if (g.id == 0) return mainKey;
            return mainKey + (g.agentId != null ? ":agent-" + Sources.keyPart(g.agentId) : ":sidechain-" + g.rootLine);
        }

        String parentKey(ClaudeCodeScan.Group g) {
            return g.id == 0 ? parentOfFile : mainKey;
        }
    }
}
