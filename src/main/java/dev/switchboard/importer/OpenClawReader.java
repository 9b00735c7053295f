package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.session.SessionKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenClaw transcripts: {@code ~/.openclaw/agents/<agentId>/sessions/<sessionId>.jsonl} (pi-coding-agent's
 * session format: a {@code session} header, then entries linked by {@code id}/{@code parentId}), with the
 * routing index {@code sessions.json} beside them; reset archives ({@code *.jsonl.reset.<ts>}) and Telegram
 * topic files are read too, compaction copies ({@code .checkpoint.}) are not (they duplicate the transcript).
 *
 * <p>Keys: {@code openclaw:<agentId>:<sessionKey>} for a transcript the index names; a transcript it no
 * longer names (an archived reset) goes to the session it was imported into while it was current (found by
 * its id in {@code metadata.source.session_ids}), else {@code openclaw:<agentId>:<sessionId>}. A key whose
 * transcript is replaced by a new one (a reset) keeps both, one after the other.
 */
public final class OpenClawReader implements SourceReader {
    public static final String KIND = "openclaw";
    private final OpenClawIndex indexes = new OpenClawIndex();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Path> defaultPaths(Path home) {
        return List.of(home.resolve(".openclaw/agents"));
    }

    @Override
    public List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(OpenClawReader::isTranscript).sorted(Comparator.comparing(OpenClawReader::mtime)).toList();
        }
    }

    private static boolean isTranscript(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && !n.contains(".checkpoint.") && (n.endsWith(".jsonl") || n.contains(".jsonl.reset."));
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized void read(Path file, ReadContext ctx) throws IOException {
        var scan = new OpenClawScan();
        scan.scan(file);
        for (var bad : scan.bad) ctx.sink().rejected(bad.line(), bad.why());
        for (long line : scan.repaired) ctx.sink().repaired(line);
        if (scan.sessionId == null) {
            ctx.sink().rejected(1, "no session header: not an OpenClaw transcript (pi treats such a file as empty)");
            return;
        }
        String agentId = agentId(file);
        Path dir = file.getParent();
        OpenClawIndex.Entry entry = indexes.of(dir, scan.sessionId, file.getFileName().toString());
        String key = key(agentId, scan.sessionId, entry, ctx);
        int leaf = scan.index.leaf(0);
        var known = ctx.known(key).filter(k -> k.session() == null || k.session().equals(scan.sessionId));
        if (known.isEmpty()) scan.skipped.forEach(ctx.sink()::skipped);
        ctx.sink().session(session(file, scan, key, agentId, entry, ctx));
        if (leaf < 0) return;
        // The key's newest message comes from another transcript: this one is a reset's successor (new) or an
        // archived predecessor (imported before): either way, hand it over whole and let the writer skip by id.
        if (known.isEmpty() && ctx.known(key).isPresent()) ctx.skipImported(key);
        var plan = ActiveBranch.entriesAfter(scan.index, leaf, key, known.orElse(null), ctx.sink());
        ActiveBranch.read(file, scan.index, plan, (e, number, offset, b, s, len) -> {
            try {
                ObjectNode line = JsonLines.parse(b, s, len).node();
                String id = line.path("id").asText("L" + number);
                String parent = line.path("parentId").isTextual() ? line.path("parentId").asText() : null;
                ctx.sink().message(OpenClawMessages.map(line, key, new SourceRef(id, parent, number, offset, scan.sessionId)));
            } catch (JsonLines.BadLine bad) {
                ctx.sink().rejected(number, bad.getMessage());
            }
        });
        ctx.sink().consumed(scan.end);
    }

    private static String key(String agentId, String sessionId, OpenClawIndex.Entry entry, ReadContext ctx) {
        String prefix = "openclaw:" + Sources.keyPart(agentId) + ":";
        if (entry != null) return prefix + Sources.keyPart(entry.sessionKey());
        return ctx.keyOfSourceSession(prefix, sessionId).orElse(prefix + Sources.keyPart(sessionId));
    }

    /** {@code agents/<agentId>/sessions/…}: the directory name after {@code agents}, else {@code main}. */
    static String agentId(Path file) {
        Path sessions = file.getParent();
        Path agentDir = sessions == null ? null : sessions.getParent();
        return agentDir != null && agentDir.getFileName() != null && agentDir.getParent() != null
                && agentDir.getParent().getFileName() != null && agentDir.getParent().getFileName().toString().equals("agents")
                ? agentDir.getFileName().toString() : "main";
    }

    private SourceSession session(Path file, OpenClawScan scan, String key, String agentId, OpenClawIndex.Entry entry,
                                  ReadContext ctx) {
        ObjectNode source = Json.object();
        source.put("file", file.toString());
        source.put("agent_id", agentId);
        source.put("session_id", scan.sessionId);
        source.putArray("session_ids").add(scan.sessionId);
        source.put("format_version", scan.version);
        Sources.putIfText(source, "cwd", scan.cwd);
        Sources.putIfText(source, "parent_session", scan.parentSession);
        String title = scan.title;
        String channel = KIND;
        if (entry != null) {
            JsonNode e = entry.entry();
            source.put("session_key", entry.sessionKey());
            for (String f : List.of("chatType", "label", "displayName", "subject", "room", "space", "groupChannel",
                    "provider", "lastChannel", "lastTo")) {
                if (e.path(f).isTextual()) source.put(f, e.path(f).asText());
            }
            if (e.path("origin").isObject()) source.set("origin", e.get("origin"));
            if (title == null) title = firstText(e, "label", "displayName", "subject", "autoLabel");
            channel = channel(entry.sessionKey(), e);
        }
        String error = indexes.error(file.getParent());
        if (error != null) source.put("index_error", error);
        String parentKey = scan.parentSession == null ? null
                : parentKey(agentId, Path.of(scan.parentSession).getFileName().toString().replaceFirst("\\.jsonl.*$", ""), file, ctx);
        return new SourceSession(key, parentKey, SessionKeys.validAgent(agentId) ? agentId : KIND, channel, title, scan.model,
                Sources.time(Json.MAPPER.getNodeFactory().textNode(scan.startedAt)), Sources.sessionMetadata(KIND, source));
    }

    /** A spawned session's parent: by the parent's session id, as for any transcript. */
    private String parentKey(String agentId, String parentSessionId, Path file, ReadContext ctx) {
        OpenClawIndex.Entry parent = indexes.of(file.getParent(), parentSessionId, parentSessionId + ".jsonl");
        return key(agentId, parentSessionId, parent, ctx);
    }

    /**
     * The platform a session talks on: the index's {@code lastChannel} or origin provider, else the channel part
     * of {@code agent:<id>:<channel>:<kind>:<id>}, else {@code openclaw} (the agent's own main session, cron, hooks).
     */
    static String channel(String sessionKey, JsonNode e) {
        String c = firstText(e, "lastChannel", "provider");
        if (c == null && e.path("origin").path("provider").isTextual()) c = e.path("origin").path("provider").asText();
        String[] parts = sessionKey.split(":");
        if (c == null && parts.length >= 5 && parts[0].equals("agent")) c = parts[2];
        String normal = c == null ? null : c.toLowerCase(java.util.Locale.ROOT);
        return normal != null && SessionKeys.validPlatform(normal) ? normal : KIND;
    }

    private static String firstText(JsonNode e, String... fields) {
        for (String f : fields) {
            if (e.path(f).isTextual() && !e.path(f).asText().isBlank()) return e.path(f).asText();
        }
        return null;
    }
}
