package dev.switchboard.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A keyset position in a list: the sort value of the last row returned ({@code position}: a time in epoch
 * milliseconds, a sequence number or an offset) and its tie-breaking id. Every list pages this way, so one
 * record serves them all.
 *
 * <p>On the wire a cursor is opaque: base64url of a small JSON object that also names its list ({@code kind}),
 * so that the format can change without breaking clients and a cursor of one list can't be fed to another. A
 * tampered or foreign cursor is a 422, never a 500.
 */
public record Cursor(long position, String id) {
    public Cursor {
        if (id == null) id = "";
    }

    public static Cursor at(long position) {
        return new Cursor(position, "");
    }

    public String encode(String kind) {
        ObjectNode o = Json.object();
        o.put("k", kind);
        o.put("p", position);
        o.put("id", id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor of the list {@code kind}; anything else is a 422 on field {@code cursor}. */
    public static Cursor decode(String cursor, String kind) {
        return tryDecode(cursor, kind).orElseThrow(() ->
                ProblemException.validation("cursor", "is not a cursor returned by this list"));
    }

    /** The cursor if it is one of the list {@code kind}, for lists whose cursors come in several kinds. */
    public static Optional<Cursor> tryDecode(String cursor, String kind) {
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (node instanceof ObjectNode obj && kind.equals(obj.path("k").asText())
                    && obj.path("p").isIntegralNumber() && obj.path("id").isTextual()) {
                return Optional.of(new Cursor(obj.get("p").asLong(), obj.get("id").asText()));
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // not a cursor at all
        }
        return Optional.empty();
    }
}
