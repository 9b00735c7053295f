package dev.switchboard.compaction;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The calls compaction and context tests make over HTTP. */
public final class CompactionClient {
    public final Http api;

    public CompactionClient(Http api) {
        this.api = api;
    }

    /** Absolute path of a test agent script under src/test/resources/agents. */
    public static String script(String name) {
        try {
            return Path.of(CompactionClient.class.getResource("/agents/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A process summarizer running {@code summarize.sh <args>}. */
    public static Map<String, Object> summarizer(String... args) {
        var argv = new ArrayList<String>(List.of("/bin/bash", script("summarize.sh")));
        argv.addAll(List.of(args));
        return Map.of("adapter", "process", "command", argv, "env", List.of("PATH"));
    }

    public void putAgent(String id, Map<String, Object> definition) {
        Response r = api.put("/v1/agents/" + id, definition);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    public static String path(String key) {
        return "/v1/sessions/" + seg(key);
    }

    public String session(String key) {
        Response r = api.post("/v1/sessions", Map.of("key", key));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return key;
    }

    public String session(String key, Map<String, Object> source) {
        Response r = api.post("/v1/sessions", Map.of("key", key, "source", source));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return key;
    }

    /** Appends messages {@code "m<from>"…"m<to>"} alternating user/assistant (odd seqs are the user's). */
    public void appendTexts(String key, int from, int to) {
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = from; i <= to; i++) batch.add(Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", "m" + i));
        append(key, batch);
    }

    /** Appends {@code n} user messages of {@code chars} characters each ({@code (chars + 2 + 3) / 4 + 4} tokens). */
    public void appendSized(String key, int n, int chars) {
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < n; i++) batch.add(Map.of("role", "user", "content", "w".repeat(chars)));
        append(key, batch);
    }

    public List<JsonNode> append(String key, List<Map<String, Object>> messages) {
        Response r = api.post(path(key) + "/messages", Map.of("messages", messages));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        var out = new ArrayList<JsonNode>();
        r.json().path("items").forEach(out::add);
        return out;
    }

    public Response compact(String key, Map<String, Object> body) {
        return api.post(path(key) + "/compact", body);
    }

    /** Compacts and expects 201; returns the checkpoint as answered. */
    public JsonNode compacted(String key, Map<String, Object> body) {
        Response r = compact(key, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    public static Map<String, Object> truncate(int keepLast) {
        return Map.of("strategy", "truncate", "keep_last", keepLast);
    }

    public static Map<String, Object> summarize(int keepLast, String agent) {
        var body = new LinkedHashMap<String, Object>();
        body.put("strategy", "summarize");
        body.put("keep_last", keepLast);
        if (agent != null) body.put("agent", agent);
        return body;
    }

    public JsonNode checkpoint(String key, String id) {
        Response r = api.get(path(key) + "/checkpoints/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits for a running checkpoint to end; returns it. */
    public JsonNode awaitEnd(String key, String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint(key, id),
                cp -> !cp.path("status").asText().equals("running"));
    }

    /** Summarizes and waits for the end. */
    public JsonNode summarized(String key, int keepLast, String agent) {
        return awaitEnd(key, compacted(key, summarize(keepLast, agent)).path("id").asText());
    }

    public JsonNode context(String key, String query) {
        Response r = api.get(path(key) + "/context" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** The session object. */
    public JsonNode get(String key) {
        return api.get(path(key)).json();
    }

    /** The seqs of the messages of a switchboard-format context. */
    public static List<Long> seqs(JsonNode context) {
        var out = new ArrayList<Long>();
        context.path("messages").forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }

    public static List<Long> range(long from, long to) {
        var out = new ArrayList<Long>();
        for (long i = from; i <= to; i++) out.add(i);
        return out;
    }
}
