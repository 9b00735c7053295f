package dev.switchboard.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque pagination cursors: base64url of a small JSON object holding the keyset position.
 * Opaque so that the position format can change without breaking clients; a tampered or foreign
 * cursor is a 422, never a 500.
 */
public final class Cursor {
    private Cursor() {}

    public static String encode(ObjectNode position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(position).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor and checks it carries {@code kind}, so a messages cursor can't be fed to sessions. */
    public static ObjectNode decode(String cursor, String kind) {
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (node instanceof ObjectNode obj && kind.equals(obj.path("k").asText())) return obj;
        } catch (IllegalArgumentException | java.io.IOException e) {
            // fall through to the validation error
        }
        throw ProblemException.validation("cursor", "is not a cursor returned by this list");
    }

    public static ObjectNode position(String kind) {
        ObjectNode o = Json.object();
        o.put("k", kind);
        return o;
    }
}
