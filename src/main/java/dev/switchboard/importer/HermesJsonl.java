package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.store.hermes.HermesStateDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * hermes' legacy transcripts, {@code sessions/<session_id>.jsonl}: one OpenAI-chat message per line, a
 * {@code session_meta} line first, no ids (a line's source id is the hash of its bytes, as for Codex). A session
 * state.db also holds is left to state.db, which is canonical; the same messages would otherwise be imported twice.
 */
final class HermesJsonl {
    void read(Path file, ReadContext ctx) throws IOException {
        String id = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        Path home = file.toAbsolutePath().getParent().getParent();
        if (inStateDb(home.resolve("state.db"), id)) {
            ctx.sink().skipped("jsonl-session-in-state.db", 1);
            return;
        }
        Map<String, JsonNode> index = HermesIndex.of(home);
        JsonNode entry = index.get(id);
        String profile = HermesReader.profile(home);
        String key = "hermes:" + Sources.keyPart(profile) + ":"
                + Sources.keyPart(entry != null ? entry.path("session_key").asText(id) : id);
        SourceRef known = ctx.known(key).orElse(null);
        long start = 0;
        long line = 1;
        long[] skipThrough = {0};
        if (known != null && JsonLines.isAt(file, known)) {
            start = known.offset();
            line = known.line();
            skipThrough[0] = known.line();
        } else if (known != null) {
            ctx.sink().historyChanged(key, "the file no longer has the newest imported line (" + known.line() + ")");
        }
        ObjectNode source = Json.object().put("file", file.toString()).put("profile", profile).put("session_id", id);
        source.putArray("session_ids").add(id);
        if (entry != null && entry.path("origin").isObject()) source.set("origin", entry.get("origin"));
        SourceSession[] session = {new SourceSession(key, null, HermesReader.KIND,
                HermesReader.channel(entry == null ? null : entry.path("platform").asText(null)),
                entry == null ? null : entry.path("display_name").asText(null), null, null, Sources.sessionMetadata(HermesReader.KIND, source))};
        ctx.sink().session(session[0]);
        long end = JsonLines.read(file, start, line, (number, offset, b, s, len) -> {
            if (number <= skipThrough[0] || JsonLines.blank(b, s, len)) return true;
            ObjectNode row;
            try {
                row = JsonLines.parse(b, s, len).node();
            } catch (JsonLines.BadLine e) {
                ctx.sink().rejected(number, e.getMessage());
                return true;
            }
            if ("session_meta".equals(row.path("role").asText())) {
                session[0] = meta(session[0], row);
                ctx.sink().session(session[0]);
                return true;
            }
            var ref = new SourceRef(JsonLines.lineId(b, s, len), null, number, offset, id);
            SourceMessage m = HermesMessages.map(row, key, ref, Sources.time(row.path("timestamp")));
            if (m == null) ctx.sink().skipped(row.has("role") ? row.path("role").asText() : "(no role)", 1);
            else ctx.sink().message(m);
            return true;
        }, (number, offset, length) -> ctx.sink().rejected(number, "line of " + length + " bytes is too long"));
        ctx.sink().consumed(end);
    }

    private static SourceSession meta(SourceSession s, ObjectNode row) {
        String platform = row.path("platform").asText(null);
        SourceSession withModel = row.path("model").isTextual() ? s.withModel(row.path("model").asText()) : s;
        var created = Sources.time(row.path("timestamp"));
        return new SourceSession(withModel.key(), null, withModel.agent(),
                platform != null ? HermesReader.channel(platform) : withModel.channel(), withModel.title(),
                withModel.model(), created != null ? created : withModel.createdAt(), withModel.metadata());
    }

    private static boolean inStateDb(Path db, String id) {
        if (!Files.isRegularFile(db)) return false;
        try (HermesStateDb state = HermesStateDb.open(db)) {
            return state.hasSession(id);
        } catch (IOException | SQLException e) {
            return false; // state.db unreadable: the JSONL is all there is to import
        }
    }
}
