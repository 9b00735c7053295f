package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.importer.ImportTarget;
import dev.switchboard.importer.SourceRef;
import dev.switchboard.importer.SourceSession;
import dev.switchboard.importer.TargetJson;
import dev.switchboard.session.UsageTotals;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A running server's REST API as the import target of {@code switchboard import}: the token's scopes and grants
 * apply, every append emits its events and is indexed for search, exactly like any client's. Rate limiting
 * (429) and a busy server (503) are waited out; other problems end the run with the server's detail.
 */
final class HttpImportTarget implements ImportTarget {
    private static final int LOOK_PAGE = 20;
    private static final int LOOK_BACK = 500;
    private static final int RETRIES = 10;

    private final ApiClient api;

    HttpImportTarget(ApiClient api) {
        this.api = api;
    }

    private static String session(String key) {
        return "/v1/sessions/" + ApiClient.segment(key);
    }

    @Override
    public Optional<Existing> find(String key) {
        ApiClient.Reply r = call("GET", session(key), null);
        if (r.status() == 404) return Optional.empty();
        JsonNode s = ok(r, "read session " + key);
        JsonNode u = s.path("usage");
        var usage = new UsageTotals(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                u.path("cache_read_tokens").asLong(), u.path("cache_write_tokens").asLong(),
                u.path("reasoning_tokens").asLong(), u.path("cost_usd").asDouble());
        return Optional.of(new Existing(s.path("title").asText(null), s.path("model").asText(null),
                "ended".equals(s.path("status").asText()), lastImported(key), s.path("message_count").asLong(), usage,
                s.path("metadata")));
    }

    private Optional<SourceRef> lastImported(String key) {
        String cursor = null;
        for (int seen = 0; seen < LOOK_BACK; seen += LOOK_PAGE) {
            JsonNode page = ok(call("GET", session(key) + "/messages?order=desc&limit=" + LOOK_PAGE
                    + (cursor == null ? "" : "&cursor=" + cursor), null), "read messages of " + key);
            for (JsonNode m : page.path("items")) {
                SourceRef ref = SourceRef.fromMetadata(m.path("metadata"));
                if (ref != null) return Optional.of(ref);
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
            if (cursor == null) break;
        }
        return Optional.empty();
    }

    @Override
    public boolean create(SourceSession s) {
        ApiClient.Reply r = call("POST", "/v1/sessions", TargetJson.session(s));
        ok(r, "create session " + s.key());
        return r.status() == 201;
    }

    @Override
    public void update(String key, String title, String model, ObjectNode metadataPatch) {
        ok(call("PATCH", session(key), TargetJson.patch(title, model, metadataPatch)), "update session " + key);
    }

    @Override
    public void append(String key, ObjectNode batch) {
        ApiClient.Reply r = call("POST", session(key) + "/messages", batch);
        if (r.status() == 413 || r.status() == 422) throw new Refused(r.detail());
        if (r.status() == 409 && r.problemType().endsWith(":session-ended")) throw new Ended(key);
        ok(r, "append to " + key);
    }

    @Override
    public Set<String> importedIds(String key) {
        var ids = new HashSet<String>();
        String cursor = null;
        do {
            JsonNode page = ok(call("GET", session(key) + "/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), null),
                    "read messages of " + key);
            for (JsonNode m : page.path("items")) {
                SourceRef ref = SourceRef.fromMetadata(m.path("metadata"));
                if (ref != null) ids.add(ref.id());
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    @Override
    public Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId) {
        String cursor = null;
        do {
            JsonNode page = ok(call("GET", "/v1/sessions" + ApiClient.query(java.util.Map.of("q", keyPrefix, "limit", 500,
                    "order", "created_asc")) + (cursor == null ? "" : "&cursor=" + cursor), null), "list sessions");
            for (JsonNode s : page.path("items")) {
                if (s.path("key").asText().startsWith(keyPrefix) && TargetJson.holdsSourceSession(s.path("metadata"), sourceSessionId)) {
                    return Optional.of(s.path("key").asText());
                }
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return Optional.empty();
    }

    /** Sends, waiting out 429 (Retry-After) and 503 a few times. */
    private ApiClient.Reply call(String method, String path, Object body) {
        for (int attempt = 0; ; attempt++) {
            ApiClient.Reply r = api.request(method, path, body);
            if ((r.status() != 429 && r.status() != 503) || attempt >= RETRIES) return r;
            pause(r.retryAfter());
        }
    }

    private static void pause(String retryAfter) {
        long seconds = 1;
        try {
            if (retryAfter != null) seconds = Math.max(1, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException ignored) {
            // an HTTP date: one second is as good a guess as any
        }
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }

    private static JsonNode ok(ApiClient.Reply r, String what) {
        if (r.status() >= 200 && r.status() < 300) return r.json();
        throw new CliException("cannot " + what + ": " + r.status() + " " + r.detail(), r.status() == 401 || r.status() == 403 ? 2 : 1);
    }
}
