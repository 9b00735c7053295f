package dev.switchboard.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass 1 over an OpenClaw (pi-coding-agent) transcript: the {@link TreeIndex} of its entries ({@code id} /
 * {@code parentId}) and the header, read with a streaming parser that skips the messages. Version 1 files have
 * no ids: each entry gets {@code L<line>} and the previous entry as parent, as pi assigns them on load.
 */
final class OpenClawScan {
    /** Entry types that become messages; the others are bookkeeping (model changes, labels, extension state). */
    static final Set<String> MESSAGES = Set.of("message", "compaction", "branch_summary", "custom_message");

    final TreeIndex index = new TreeIndex();
    String sessionId;
    String cwd;
    String startedAt;
    String parentSession;
    int version = 1;
    String model;
    String title;
    final List<ClaudeCodeScan.Bad> bad = new ArrayList<>();
    final Map<String, Long> skipped = new LinkedHashMap<>();
    final List<Long> repaired = new ArrayList<>();
    long end;
    private String previousId;

    void scan(Path file) throws IOException {
        end = JsonLines.read(file, 0, 1, (number, offset, b, s, len) -> {
            if (!JsonLines.blank(b, s, len)) line(number, offset, b, s, len);
            return true;
        }, (number, offset, length) -> bad.add(new ClaudeCodeScan.Bad(number, offset,
                "line of " + length + " bytes is longer than " + JsonLines.MAX_LINE)));
        index.finish();
    }

    private void line(long number, long offset, byte[] b, int s, int len) {
        Map<String, String> f;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(b, s, len)) {
            f = fields(p);
        } catch (IOException e) {
            if (JsonLines.validUtf8(b, s, len)) {
                bad.add(new ClaudeCodeScan.Bad(number, offset, "malformed JSON"));
                return;
            }
            try (JsonParser p = Json.MAPPER.getFactory().createParser(new String(b, s, len, StandardCharsets.UTF_8))) {
                f = fields(p);
                repaired.add(number);
            } catch (IOException again) {
                bad.add(new ClaudeCodeScan.Bad(number, offset, "malformed JSON (and invalid UTF-8)"));
                return;
            }
        }
        String type = f.getOrDefault("type", "");
        if (type.equals("session")) {
            header(f);
            return;
        }
        String id = f.get("id");
        String parent = f.containsKey("parentId") ? f.get("parentId") : previousId; // v1: implicit chain
        if (id == null) id = "L" + number;
        if (type.equals("model_change") && f.get("modelId") != null) model = f.get("modelId");
        if (type.equals("session_info") && f.get("name") != null) title = f.get("name");
        boolean message = MESSAGES.contains(type);
        index.add(id, parent, number, offset, message ? TreeIndex.MESSAGE : 0, 0);
        previousId = id;
        if (!message) skipped.merge(type.isEmpty() ? "(no type)" : type, 1L, Long::sum);
    }

    private void header(Map<String, String> f) {
        sessionId = f.get("id");
        cwd = f.get("cwd");
        startedAt = f.get("timestamp");
        parentSession = f.get("parentSession");
        try {
            version = Integer.parseInt(f.getOrDefault("version", "1"));
        } catch (NumberFormatException e) {
            version = 1;
        }
    }

    /** The top-level scalar fields of an entry (an explicit {@code "parentId": null} is kept as a null value). */
    private static Map<String, String> fields(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
        var out = new java.util.HashMap<String, String>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) out.put(name, null);
            else if (t.isScalarValue()) out.put(name, p.getText());
            else p.skipChildren();
        }
        if (p.nextToken() != null) throw new IOException("trailing data");
        return out;
    }
}
