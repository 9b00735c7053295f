package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.web.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The published contract ({@code GET /openapi.json}), assembled from one fragment per feature
 * ({@link Routes#openApi()}) so each feature documents its endpoints next to its code. Fragments are
 * deep-merged: {@code paths} and {@code components} from all of them end up in one OpenAPI 3.1 document.
 */
public final class OpenApi {
    private OpenApi() {}

    public static String document(List<Routes> routes) {
        return Json.write(tree(routes));
    }

    /** The merged document, before {@link #servedFrom} names a server. */
    public static ObjectNode tree(List<Routes> routes) {
        ObjectNode doc = (ObjectNode) read("/openapi/base.json");
        for (Routes r : routes) {
            String fragment = r.openApi();
            if (fragment != null) merge(doc, read(fragment));
        }
        return doc;
    }

    /**
     * The document as served to one request: {@code servers} is where that client reached this server (the
     * request's scheme and {@code Host}, so through a proxy that keeps {@code Host} too), so "try it" and generated
     * clients call the server the document came from, not a fixed {@code :7700}.
     */
    public static String servedFrom(ObjectNode doc, String scheme, String host) {
        ObjectNode copy = doc.deepCopy();
        if (host != null && !host.isBlank()) {
            copy.putArray("servers").addObject().put("url", scheme + "://" + host);
        }
        return Json.write(copy);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApi.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("OpenAPI fragment " + resource + " is missing from the jar");
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI fragment " + resource + " is not valid JSON", e);
        }
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue().isObject()) merge(eo, e.getValue());
            else into.set(e.getKey(), e.getValue());
        }
    }
}
