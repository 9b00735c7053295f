package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code [http] cors_origins}: a list of exact origins ({@code scheme://host[:port]}), from the file as an
 * array or from the environment as a comma-separated string. {@code *} is refused: every browser would be let in
 * with the caller's token, and an origin with a path never matches what browsers send, so both are errors.
 */
final class CorsOrigins {
    private CorsOrigins() {}

    /** {@code v} is the value of {@code http.cors_origins} (null when absent). */
    static List<String> read(JsonNode v) {
        var raw = new ArrayList<String>();
        if (v == null || v.isNull()) return List.of();
        if (v.isArray()) v.forEach(o -> raw.add(o.asText()));
        else for (String part : v.asText().split(",")) if (!part.isBlank()) raw.add(part);
        var origins = new ArrayList<String>();
        for (String o : raw) origins.add(origin(o.trim()));
        return List.copyOf(origins);
    }

    private static String origin(String text) {
        if (text.equals("*")) {
            throw new ConfigException("http.cors_origins: '*' is not allowed; list each origin, e.g. https://app.example.com");
        }
        try {
            URI u = new URI(text);
            boolean plain = u.getScheme() != null && u.getHost() != null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (plain && (scheme.equals("http") || scheme.equals("https"))) return text.toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("http.cors_origins: '" + text + "' is not an origin; write scheme://host[:port], "
                + "e.g. https://app.example.com or http://localhost:5173 (no path, no trailing slash)");
    }
}
