package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.json.MergePatch;
import dev.switchboard.problem.ProblemException;

/** Title/model/metadata changes shared by PATCH and heartbeat; a field absent from the body is untouched. */
record SessionChanges(boolean title, String newTitle, boolean model, String newModel, JsonNode metadataPatch) {
    static SessionChanges read(Fields f) {
        boolean title = f.has("title");
        String newTitle = f.string("title", SessionService.MAX_TITLE).orElse(null);
        boolean model = f.has("model");
        String newModel = f.string("model", SessionService.MAX_MODEL).orElse(null);
        JsonNode metadata = f.has("metadata") ? f.node().get("metadata") : null;
        if (metadata != null && !metadata.isObject() && !metadata.isNull()) f.error("metadata", "must be an object or null");
        return new SessionChanges(title, newTitle, model, newModel, metadata);
    }

    /** {@code s} with these changes (equal to {@code s} when they change nothing); metadata merge-patched (RFC 7386). */
    Session apply(Session s, int maxMetadataBytes) {
        JsonNode metadata = s.metadata();
        if (metadataPatch != null) {
            metadata = metadataPatch.isNull() ? Json.object() : MergePatch.apply(s.metadata(), metadataPatch);
            checkMetadataSize(metadata, maxMetadataBytes);
        }
        JsonNode newMetadata = metadata;
        return s.with(d -> {
            if (title) d.title = newTitle;
            if (model) d.model = newModel;
            d.metadata = newMetadata;
        });
    }

    static void checkMetadataSize(JsonNode metadata, int maxBytes) {
        int size = Json.write(metadata).length();
        if (size > maxBytes) throw ProblemException.tooLarge("metadata is " + size + " bytes; the limit is " + maxBytes);
    }
}
