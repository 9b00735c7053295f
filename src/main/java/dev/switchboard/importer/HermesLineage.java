package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hermes' session lineage (FORMATS.md §3.1, {@code hermes_state_common.py}) turned into Switchboard sessions:
 * <ul>
 *   <li>compression ends a session and continues in a child ({@code parent_session_id}, parent
 *       {@code end_reason = 'compression'}): one conversation, one key, the children's messages after the parent's;</li>
 *   <li>a reset continues under the same routing key ({@code session_key}): the same Switchboard session;</li>
 *   <li>delegate (subagent) runs, {@code source = 'tool'} rows and branches are conversations of their own, with
 *       {@code parent_key} naming the conversation they came from.</li>
 * </ul>
 * Keys are {@code hermes:<profile>:<session_key>}, or {@code hermes:<profile>:<id>} of the conversation's first
 * session when it has no routing key (CLI sessions).
 */
final class HermesLineage {
    private static final Set<String> FORK_MARKERS = Set.of("_branched_from", "_delegate_from", "_reset_from");

    /** One Switchboard session: its key, its parent's key, and the hermes sessions it is made of, oldest first. */
    record Conversation(String key, String parentKey, List<ObjectNode> sessions) {
        List<String> ids() {
            return sessions.stream().map(s -> s.path("id").asText()).toList();
        }
    }

    private final String profile;
    private final Map<String, ObjectNode> byId = new HashMap<>();
    private final Map<String, String> indexKeys;

    /** @param indexKeys session id → routing key from {@code sessions/sessions.json}, for schemas without {@code session_key} */
    private HermesLineage(String profile, Map<String, String> indexKeys) {
        this.profile = profile;
        this.indexKeys = indexKeys;
    }

    static List<Conversation> of(String profile, List<ObjectNode> rows, Map<String, String> indexKeys) {
        var lineage = new HermesLineage(profile, indexKeys);
        rows.forEach(r -> lineage.byId.put(r.path("id").asText(), r));
        var byKey = new LinkedHashMap<String, List<ObjectNode>>();
        var parents = new HashMap<String, String>();
        for (ObjectNode r : rows) {
            String key = lineage.key(r);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            ObjectNode root = lineage.root(r);
            ObjectNode p = lineage.parent(root);
            if (p != null && !lineage.key(p).equals(key)) parents.putIfAbsent(key, lineage.key(p));
        }
        var out = new ArrayList<Conversation>();
        byKey.forEach((key, sessions) -> out.add(new Conversation(key, parents.get(key), List.copyOf(sessions))));
        return out;
    }

    /** The key of the conversation {@code s} belongs to. */
    String key(ObjectNode s) {
        ObjectNode root = root(s);
        String routing = text(root, "session_key");
        if (routing == null) routing = indexKeys.get(root.path("id").asText());
        return "hermes:" + Sources.keyPart(profile) + ":" + Sources.keyPart(routing != null ? routing : root.path("id").asText());
    }

    /** The first session of {@code s}'s compression chain. */
    ObjectNode root(ObjectNode s) {
        ObjectNode r = s;
        for (int guard = 0; guard < 10_000 && continuesCompression(r); guard++) r = parent(r);
        return r;
    }

    /** Whether {@code s} continues its parent after a compression (rather than being a fork of it). */
    boolean continuesCompression(ObjectNode s) {
        ObjectNode p = parent(s);
        if (p == null || !"compression".equals(text(p, "end_reason")) || "tool".equals(text(s, "source"))) return false;
        JsonNode config = modelConfig(s);
        String parentId = p.path("id").asText();
        // continuations inherit model_config verbatim: only a marker naming this parent makes a fork
        return FORK_MARKERS.stream().noneMatch(m -> parentId.equals(config.path(m).asText(null)));
    }

    private ObjectNode parent(ObjectNode s) {
        String p = text(s, "parent_session_id");
        return p == null ? null : byId.get(p);
    }

    private static JsonNode modelConfig(ObjectNode s) {
        String raw = text(s, "model_config");
        if (raw == null) return Json.object();
        try {
            JsonNode n = Json.MAPPER.readTree(raw);
            return n == null ? Json.object() : n;
        } catch (java.io.IOException e) {
            return Json.object();
        }
    }

    static String text(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
