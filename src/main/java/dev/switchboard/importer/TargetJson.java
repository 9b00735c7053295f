package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;

/** The REST shapes of imported sessions and messages (API.md), shared by both targets so they validate alike. */
public final class TargetJson {
    private TargetJson() {}

    static ObjectNode message(String kind, SourceMessage m) {
        ObjectNode n = Json.object();
        n.put("role", m.role());
        if (m.content() != null) n.set("content", m.content());
        if (m.name() != null) n.put("name", m.name());
        if (m.toolCallId() != null) n.put("tool_call_id", m.toolCallId());
        if (m.toolCalls() != null) n.set("tool_calls", m.toolCalls());
        if (m.usage() != null && !m.usage().isEmpty()) n.set("usage", m.usage());
        if (m.createdAt() != null) n.put("created_at", Json.time(m.createdAt()));
        // the reader's own node, not a copy: nothing reads it after this, and a batch split after a refusal
        // sets the same "source" again
        ObjectNode meta = m.metadata() != null ? m.metadata() : Json.object();
        meta.set("source", m.ref().toJson(kind));
        n.set("metadata", meta);
        return n;
    }

    static ObjectNode batch(String kind, java.util.List<SourceMessage> batch) {
        ObjectNode body = Json.object();
        ArrayNode arr = body.putArray("messages");
        for (SourceMessage m : batch) arr.add(message(kind, m));
        return body;
    }

    public static ObjectNode session(SourceSession s) {
        ObjectNode n = Json.object();
        n.put("key", s.key());
        n.put("agent", s.agent());
        if (s.channel() != null) n.put("channel", s.channel());
        if (s.title() != null) n.put("title", truncate(s.title(), 512));
        if (s.model() != null) n.put("model", truncate(s.model(), 256));
        if (s.parentKey() != null) n.put("parent_key", s.parentKey());
        if (s.metadata() != null) n.set("metadata", s.metadata());
        if (s.createdAt() != null) n.put("created_at", Json.time(s.createdAt()));
        n.put("if_exists", "revive");
        return n;
    }

    /** A merge patch of title, model and metadata (null parts are left out). */
    public static ObjectNode patch(String title, String model, ObjectNode metadataPatch) {
        ObjectNode patch = Json.object();
        if (title != null) patch.put("title", truncate(title, 512));
        if (model != null) patch.put("model", truncate(model, 256));
        if (metadataPatch != null) patch.set("metadata", metadataPatch);
        return patch;
    }

    /** Whether a session's metadata lists {@code id} in {@code source.session_ids}. */
    public static boolean holdsSourceSession(JsonNode metadata, String id) {
        for (JsonNode s : metadata.path("source").path("session_ids")) {
            if (id.equals(s.asText())) return true;
        }
        return false;
    }

    /**
     * Titles come from summaries and first prompts and can be long; a session title is a label, so it is
     * cut to the API's limit rather than failing the import (the message contents themselves are never cut).
     */
    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A rough size of a JSON value in characters, without writing it: batches stay under request limits. */
    static long size(JsonNode n) {
        if (n == null) return 0;
        if (n.isTextual()) return n.textValue().length() + 2L;
        if (!n.isContainerNode()) return 8;
        long total = 2;
        for (var e : n.properties()) total += e.getKey().length() + 4 + size(e.getValue());
        if (n.isArray()) for (JsonNode el : n) total += 1 + size(el);
        return total;
    }
}
