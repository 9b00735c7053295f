package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.net.http.HttpHeaders;

/** An HTTP response as tests look at it. */
public record Response(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The problem slug of a problem+json response, e.g. {@code not-found}. */
    public String problem() {
        String type = json().path("type").asText();
        return type.startsWith("urn:switchboard:problem:") ? type.substring("urn:switchboard:problem:".length()) : type;
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
