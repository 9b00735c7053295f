package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.hermes.HermesStateDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * hermes-agent: {@code ~/.hermes/state.db} (canonical; named profiles under {@code profiles/<name>/}) and the
 * legacy {@code sessions/<id>.jsonl} transcripts of sessions state.db doesn't hold ({@link HermesJsonl}).
 *
 * <p>A state.db message's source id is its rowid; a session resumes after its newest imported rowid (rowids
 * only grow). Usage: hermes keeps token counts and cost per session, not per message, so each read attaches the
 * growth of the conversation's totals over what the Switchboard session already holds to the last message it
 * imports: counted once, and correct however the reads are spread.
 */
public final class HermesReader implements SourceReader {
    public static final String KIND = "hermes";
    private static final Set<String> LOCAL_SOURCES = Set.of("cli", "tui", "tool", "cron", "api", "acp", "batch");

    private final HermesJsonl jsonl = new HermesJsonl();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Path> defaultPaths(Path home) {
        return List.of(home.resolve(".hermes"));
    }

    /** Every profile's state.db, then the legacy JSONL transcripts. */
    @Override
    public List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        var out = new ArrayList<Path>();
        var homes = new ArrayList<Path>(List.of(path));
        Path profiles = path.resolve("profiles");
        if (Files.isDirectory(profiles)) {
            try (Stream<Path> ps = Files.list(profiles)) {
                ps.filter(Files::isDirectory).sorted().forEach(homes::add);
            }
        }
        for (Path h : homes) {
            if (Files.isRegularFile(h.resolve("state.db"))) out.add(h.resolve("state.db"));
        }
        for (Path h : homes) {
            Path sessions = h.resolve("sessions");
            if (!Files.isDirectory(sessions)) continue;
            try (Stream<Path> fs = Files.list(sessions)) {
                fs.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** {@code <home>/profiles/<name>/…} → name; the home itself is the {@code default} profile. */
    static String profile(Path profileHome) {
        Path parent = profileHome.toAbsolutePath().getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("profiles")
                ? profileHome.getFileName().toString() : "default";
    }

    @Override
    public void read(Path file, ReadContext ctx) throws IOException {
        if (file.getFileName().toString().endsWith(".jsonl")) {
            jsonl.read(file, ctx);
            return;
        }
        Path home = file.toAbsolutePath().getParent();
        var index = HermesIndex.of(home);
        try (HermesStateDb db = HermesStateDb.open(file)) {
            if (db.immutable) ctx.sink().warning(0, "opened immutable (a read-only open was impossible): changes hermes makes while this reads may be missed");
            if (db.version > HermesStateDb.CURRENT_VERSION) {
                ctx.sink().warning(0, "schema v" + db.version + " is newer than v" + HermesStateDb.CURRENT_VERSION
                        + " this importer was written against; reading the columns it knows");
            }
            for (var c : HermesLineage.of(profile(home), db.sessions(), HermesIndex.keys(index))) {
                conversation(file, db, c, index, ctx);
            }
        } catch (SQLException e) {
            throw HermesStateDb.explain(e);
        }
    }

    private static void conversation(Path file, HermesStateDb db, HermesLineage.Conversation c, Map<String, JsonNode> index,
                                     ReadContext ctx) throws SQLException {
        var existing = ctx.existing(c.key());
        SourceRef known = existing.flatMap(ImportTarget.Existing::last).orElse(null);
        ctx.sink().session(session(file, db, c, index));
        long after = 0;
        if (known != null) {
            try {
                after = Long.parseLong(known.id());
            } catch (NumberFormatException e) {
                after = 0; // imported from a legacy JSONL before state.db had it
            }
            if (after > 0 && !db.live(after)) {
                ctx.sink().historyChanged(c.key(), "message " + after + " was undone or deleted in hermes; "
                        + "the messages after it are appended, the imported ones are kept");
            }
            if (after == 0) ctx.skipImported(c.key());
        }
        var usage = new UsageDelta(totals(c), existing.map(ImportTarget.Existing::usage).orElse(UsageTotals.ZERO));
        SourceMessage[] held = {null};
        String[] previousSession = {null};
        db.messages(c.ids(), after, row -> {
            if (!liveRow(row)) {
                ctx.sink().skipped("inactive", 1);
                return;
            }
            String sessionId = row.path("session_id").asText();
            var ref = new SourceRef(row.path("id").asText(), null, 0, row.path("id").asLong(), sessionId);
            SourceMessage m = HermesMessages.map(row, c.key(), ref, Sources.epochSeconds(row.path("timestamp").asDouble()));
            if (m == null) {
                ctx.sink().skipped(row.path("role").asText("(no role)"), 1);
                return;
            }
            if (previousSession[0] != null && !previousSession[0].equals(sessionId)) {
                m.metadata().set("compaction", Json.object().put("kind", "hermes.compression")
                        .put("from_session", previousSession[0]).put("session", sessionId));
            }
            previousSession[0] = sessionId;
            if (held[0] != null) ctx.sink().message(held[0]);
            held[0] = m;
        });
        if (held[0] != null) ctx.sink().message(usage.attachTo(held[0]));
    }

    /** Rows undone by /undo or superseded are left out; rows archived by compaction are history and stay. */
    private static boolean liveRow(JsonNode row) {
        return !row.has("active") || row.path("active").isNull() || row.path("active").asInt(1) == 1
                || row.path("compacted").asInt(0) == 1;
    }

    private static SourceSession session(Path file, HermesStateDb db, HermesLineage.Conversation c, Map<String, JsonNode> index) {
        ObjectNode first = c.sessions().getFirst();
        ObjectNode last = c.sessions().getLast();
        ObjectNode source = Json.object();
        source.put("file", file.toString());
        source.put("profile", profile(file.toAbsolutePath().getParent()));
        source.put("schema_version", db.version);
        if (db.immutable) source.put("opened_immutable", true);
        source.put("session_id", first.path("id").asText());
        var ids = source.putArray("session_ids");
        c.ids().forEach(ids::add);
        for (String col : List.of("source", "user_id", "session_key", "chat_id", "chat_type", "thread_id", "display_name",
                "cwd", "git_branch", "git_repo_root", "billing_provider", "end_reason")) {
            String v = HermesLineage.text(last, col);
            if (v != null) source.put(col, v);
        }
        JsonNode entry = index.get(last.path("id").asText());
        if (entry != null && entry.path("origin").isObject()) source.set("origin", entry.get("origin"));
        String title = null;
        String model = null;
        for (ObjectNode s : c.sessions()) {
            if (HermesLineage.text(s, "title") != null) title = HermesLineage.text(s, "title");
            if (HermesLineage.text(s, "model") != null) model = HermesLineage.text(s, "model");
        }
        if (title == null) title = HermesLineage.text(last, "display_name");
        if (title == null && entry != null) title = entry.path("display_name").asText(null);
        return new SourceSession(c.key(), c.parentKey(), KIND, channel(HermesLineage.text(first, "source")), title, model,
                Sources.epochSeconds(first.path("started_at").asDouble()), Sources.sessionMetadata(KIND, source));
    }

    /** The messaging platform a session came in on; local and internal sources are the {@code hermes} channel. */
    static String channel(String source) {
        if (source == null || LOCAL_SOURCES.contains(source) || !SessionKeys.validPlatform(source)) return KIND;
        return source;
    }

    /** The conversation's totals: every session's counters, cost as actually billed when known, else estimated. */
    private static UsageTotals totals(HermesLineage.Conversation c) {
        UsageTotals t = UsageTotals.ZERO;
        for (ObjectNode s : c.sessions()) {
            double cost = s.path("actual_cost_usd").isNumber() ? s.path("actual_cost_usd").asDouble()
                    : s.path("estimated_cost_usd").asDouble(0);
            t = t.plus(new UsageTotals(s.path("input_tokens").asLong(0), s.path("output_tokens").asLong(0),
                    s.path("cache_read_tokens").asLong(0), s.path("cache_write_tokens").asLong(0),
                    s.path("reasoning_tokens").asLong(0), cost));
        }
        return t;
    }

    /** The usage not yet imported: source totals minus what the session holds (never negative). */
    private record UsageDelta(UsageTotals source, UsageTotals imported) {
        SourceMessage attachTo(SourceMessage m) {
            UsageTotals d = source.minus(imported);
            if (d.inputTokens() <= 0 && d.outputTokens() <= 0 && d.costUsd() <= 0) return m;
            ObjectNode u = Json.object();
            u.put("input_tokens", Math.max(0, d.inputTokens()));
            u.put("output_tokens", Math.max(0, d.outputTokens()));
            u.put("cache_read_tokens", Math.max(0, d.cacheReadTokens()));
            u.put("cache_write_tokens", Math.max(0, d.cacheWriteTokens()));
            u.put("reasoning_tokens", Math.max(0, d.reasoningTokens()));
            u.put("cost_usd", Math.max(0, Math.round(d.costUsd() * 1e9) / 1e9));
            m.metadata().put("usage_is_session_total_growth", true);
            return m.withUsage(u);
        }
    }
}
