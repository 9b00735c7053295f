package dev.switchboard.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass 1 over a Claude Code transcript: the {@link TreeIndex} of its lines and the few session-level facts
 * (titles, cwd, version, sidechain groups), read with a streaming parser that skips message contents. It can
 * be continued from where it stopped when the file grows (the follower keeps it between reads).
 *
 * <p>Groups: 0 is the file's own conversation; each sidechain of an older main file (lines with
 * {@code isSidechain} in the same file) is a group of its own, by {@code agentId}, else by the sidechain's
 * root line. Every line of a subagent file belongs to group 0: the file is the subagent's conversation.
 */
final class ClaudeCodeScan {
    /** One conversation in the file: the main one, or a sidechain. */
    static final class Group {
        final int id;
        final String agentId;
        final long rootLine;
        String firstTimestamp;
        String sessionId;
        String cwd;
        String version;
        String gitBranch;

        Group(int id, String agentId, long rootLine) {
            this.id = id;
            this.agentId = agentId;
            this.rootLine = rootLine;
        }
    }

    /** A line that could not be read, kept until the reader knows whether it is new to the import. */
    record Bad(long line, long offset, String why) {}

    private static final int MAX_BAD = 1000;

    final TreeIndex index = new TreeIndex();
    final List<Group> groups = new ArrayList<>();
    final boolean agentFile;
    final String fileSessionId;
    final Object fileKey;
    String aiTitle;
    String customTitle;
    String summary;
    long end;
    long nextLine = 1;
    /** The last {@link #scan} continued an earlier one: everything it saw is new since the previous read. */
    boolean continued;
    /** Of the last {@link #scan} call: unreadable lines, lines of types that are no message, repaired lines. */
    final List<Bad> bad = new ArrayList<>();
    final Map<String, Long> skipped = new LinkedHashMap<>();
    final List<Long> repaired = new ArrayList<>();

    private final Map<String, Integer> groupByAgent = new HashMap<>();
    private final LongSet usageKeys = new LongSet();
    private String lastMainId;

    ClaudeCodeScan(boolean agentFile, String fileSessionId, Object fileKey) {
        this.agentFile = agentFile;
        this.fileSessionId = fileSessionId;
        this.fileKey = fileKey;
        groups.add(new Group(0, null, 1));
    }

    /** Scans the lines after {@link #end}; the per-call lists are reset. */
    void scan(Path file) throws IOException {
        bad.clear();
        skipped.clear();
        repaired.clear();
        continued = end > 0;
        end = JsonLines.read(file, end, nextLine, (number, offset, b, s, len) -> {
            nextLine = number + 1;
            if (!JsonLines.blank(b, s, len)) line(number, offset, b, s, len);
            return true;
        }, (number, offset, length) -> {
            nextLine = number + 1;
            addBad(number, offset, "line of " + length + " bytes is longer than " + JsonLines.MAX_LINE);
        });
        index.finish();
    }

    private void line(long number, long offset, byte[] b, int s, int len) {
        var f = new LineFields();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(b, s, len)) {
            f.read(p);
        } catch (IOException e) {
            if (JsonLines.validUtf8(b, s, len)) {
                addBad(number, offset, "malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
                return;
            }
            f = new LineFields();
            try (JsonParser p = Json.MAPPER.getFactory().createParser(new String(b, s, len, StandardCharsets.UTF_8))) {
                f.read(p);
                repaired.add(number);
            } catch (IOException again) {
                addBad(number, offset, "malformed JSON (and invalid UTF-8)");
                return;
            }
        }
        if (f.type == null) {
            addBad(number, offset, "no \"type\"");
            return;
        }
        if (f.uuid == null) {
            bookkeeping(f);
            return;
        }
        entry(number, offset, f);
    }

    private void bookkeeping(LineFields f) {
        switch (f.type) {
            case "ai-title" -> aiTitle = f.aiTitle != null ? f.aiTitle : aiTitle;
            case "custom-title" -> customTitle = f.customTitle != null ? f.customTitle : customTitle;
            case "summary" -> summary = f.summary != null ? f.summary : summary;
            default -> { }
        }
        skipped.merge(f.type, 1L, Long::sum);
    }

    private void entry(long number, long offset, LineFields f) {
        boolean sidechain = f.isSidechain && !agentFile;
        Group g = sidechain ? sidechainGroup(number, f) : groups.getFirst();
        String parent = f.parentUuid != null ? f.parentUuid : f.logicalParentUuid;
        // A root in the middle of the main conversation (an older compaction without logicalParentUuid)
        // continues what came before it, so the history before it stays on the active branch.
        if (parent == null && g.id == 0 && lastMainId != null) parent = lastMainId;
        boolean message = f.type.equals("user") || f.type.equals("assistant") || f.type.equals("system");
        int flags = message ? TreeIndex.MESSAGE : 0;
        if (f.type.equals("assistant")) {
            // One API response is written as a line per content block, each repeating its usage: only the
            // first line of a message id + request id carries it. Lines lacking either id are not de-duplicated.
            long key = Ids.pair(f.messageId, f.requestId);
            if (key == 0 || usageKeys.add(key)) flags |= TreeIndex.USAGE_OWNER;
        }
        if (!agentFile && fileSessionId != null && f.sessionId != null && !f.sessionId.equals(fileSessionId)) {
            flags |= TreeIndex.COPIED;
        }
        index.add(f.uuid, parent, number, offset, flags, g.id);
        if (g.id == 0) lastMainId = f.uuid;
        if (g.firstTimestamp == null) g.firstTimestamp = f.timestamp;
        if (g.sessionId == null) g.sessionId = f.sessionId;
        if (g.cwd == null) g.cwd = f.cwd;
        if (g.version == null) g.version = f.version;
        if (g.gitBranch == null) g.gitBranch = f.gitBranch;
        if (!message) skipped.merge(f.type, 1L, Long::sum);
    }

    private Group sidechainGroup(long number, LineFields f) {
        if (f.agentId != null) {
            return groups.get(groupByAgent.computeIfAbsent(f.agentId, a -> newGroup(a, number)));
        }
        int p = index.find(f.parentUuid);
        if (p >= 0 && index.group(p) != 0) return groups.get(index.group(p));
        return groups.get(newGroup(null, number));
    }

    private int newGroup(String agentId, long rootLine) {
        groups.add(new Group(groups.size(), agentId, rootLine));
        return groups.size() - 1;
    }

    private void addBad(long number, long offset, String why) {
        if (bad.size() < MAX_BAD) bad.add(new Bad(number, offset, why));
    }

    /** The top-level fields pass 1 needs; everything else (message contents above all) is skipped unread. */
    private static final class LineFields {
        String type;
        String uuid;
        String parentUuid;
        String logicalParentUuid;
        boolean isSidechain;
        String agentId;
        String sessionId;
        String requestId;
        String messageId;
        String timestamp;
        String cwd;
        String version;
        String gitBranch;
        String aiTitle;
        String customTitle;
        String summary;

        void read(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "type" -> type = text(p, t);
                    case "uuid" -> uuid = text(p, t);
                    case "parentUuid" -> parentUuid = text(p, t);
                    case "logicalParentUuid" -> logicalParentUuid = text(p, t);
                    case "isSidechain" -> isSidechain = t == JsonToken.VALUE_TRUE;
                    case "agentId" -> agentId = text(p, t);
                    case "sessionId" -> sessionId = text(p, t);
                    case "requestId" -> requestId = text(p, t);
                    case "timestamp" -> timestamp = text(p, t);
                    case "cwd" -> cwd = text(p, t);
                    case "version" -> version = text(p, t);
                    case "gitBranch" -> gitBranch = text(p, t);
                    case "aiTitle" -> aiTitle = text(p, t);
                    case "customTitle" -> customTitle = text(p, t);
                    case "summary" -> summary = text(p, t);
                    case "message" -> message(p, t);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) throw new IOException("trailing data");
        }

        private void message(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("id")) messageId = text(p, v);
                else p.skipChildren();
            }
        }

        private static String text(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_STRING) return p.getText();
            p.skipChildren();
            return null;
        }
    }
}
