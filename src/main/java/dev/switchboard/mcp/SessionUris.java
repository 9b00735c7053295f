package dev.switchboard.mcp;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The resource URIs of sessions: {@code switchboard://sessions/{key}} and {@code switchboard://sessions/{key}/transcript}.
 * The key is one path segment, percent-encoded like a REST path ({@code /} in explicit keys becomes {@code %2F});
 * {@code :} and {@code @} stay as they are, so the common keys read as they are written.
 */
final class SessionUris {
    static final String PREFIX = "switchboard://sessions/";
    static final String SESSION_TEMPLATE = PREFIX + "{key}";
    static final String TRANSCRIPT_TEMPLATE = PREFIX + "{key}/transcript";
    private static final String TRANSCRIPT = "/transcript";

    /** A parsed resource URI: the session's key, and whether it names its transcript. */
    record Target(String key, boolean transcript) {
        String uri() {
            return transcript ? SessionUris.transcript(key) : SessionUris.session(key);
        }
    }

    private SessionUris() {}

    static String session(String key) {
        return PREFIX + encode(key);
    }

    static String transcript(String key) {
        return session(key) + TRANSCRIPT;
    }

    static Optional<Target> parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) return Optional.empty();
        String rest = uri.substring(PREFIX.length());
        boolean transcript = rest.endsWith(TRANSCRIPT);
        if (transcript) rest = rest.substring(0, rest.length() - TRANSCRIPT.length());
        if (rest.isEmpty() || rest.contains("/")) return Optional.empty();
        try {
            return Optional.of(new Target(URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8), transcript));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed %-escape names no session
        }
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":").replace("%40", "@");
    }
}
