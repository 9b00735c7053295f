package dev.switchboard.run;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.event.Event;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.TestServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Run-related calls tests make over HTTP, plus the committed events seen by the server's hub. */
public final class RunClient implements AutoCloseable {
    public final Http api;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;

    public RunClient(TestServer server) {
        this.api = server.admin();
        this.subscription = server.server().events().hub().subscribe(events::add);
    }

    /** Absolute path of a test agent script under src/test/resources/agents. */
    public static String script(String name) {
        try {
            return Path.of(RunClient.class.getResource("/agents/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A process agent running {@code /bin/bash <script> args...}, plus definition {@code options}. */
    public static Map<String, Object> bashAgent(String script, List<String> args, Map<String, Object> options) {
        var def = new LinkedHashMap<String, Object>();
        def.put("adapter", "process");
        var argv = new ArrayList<String>(List.of("/bin/bash", script(script)));
        argv.addAll(args);
        def.put("command", argv);
        def.putAll(options);
        return def;
    }

    public static Map<String, Object> bashAgent(String script) {
        return bashAgent(script, List.of(), Map.of());
    }

    public void putAgent(String id, Map<String, Object> definition) {
        Response r = api.put("/v1/agents/" + id, definition);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    public String session(String key) {
        Response r = api.post("/v1/sessions", Map.of("key", key));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return key;
    }

    public Response send(String key, String text, String onActive, String agent) {
        var body = new LinkedHashMap<String, Object>();
        body.put("input", Map.of("role", "user", "content", text));
        if (onActive != null) body.put("on_active", onActive);
        if (agent != null) body.put("agent", agent);
        return api.post("/v1/sessions/" + seg(key) + "/runs", body);
    }

    /** Sends and expects 202; returns the run id. */
    public String start(String key, String text, String onActive, String agent) {
        Response r = send(key, text, onActive, agent);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    public JsonNode run(String id) {
        Response r = api.get("/v1/runs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the run reaches one of {@code statuses}. */
    public JsonNode await(String id, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> run(id), r -> wanted.contains(r.path("status").asText()));
    }

    public JsonNode awaitEnd(String id) {
        return await(id, "succeeded", "failed", "aborted", "lost");
    }

    public List<JsonNode> messages(String key) {
        Response r = api.get("/v1/sessions/" + seg(key) + "/messages?limit=500");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var out = new ArrayList<JsonNode>();
        r.json().path("items").forEach(out::add);
        return out;
    }

    /** Each message as "role: text" (text blocks joined), in seq order. */
    public List<String> transcript(String key) {
        return messages(key).stream().map(m -> m.path("role").asText() + ": " + text(m.path("content"))).toList();
    }

    public static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        var sb = new StringBuilder();
        content.forEach(b -> sb.append(b.path("text").asText()));
        return sb.toString();
    }

    /** The wire types of the events about {@code runId}, in commit order. */
    public List<String> runEventTypes(String runId) {
        return events.stream()
                .filter(e -> e.type().startsWith("run.") && e.data().contains("\"" + runId + "\""))
                .map(Event::type).toList();
    }

    /** The sum of a Prometheus metric's samples in {@code /metrics} whose labels contain {@code labels} ("" for all). */
    public double metric(String name, String labels) {
        return api.get("/metrics").body().lines()
                .filter(l -> (l.startsWith(name + " ") || l.startsWith(name + "{")) && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Concatenated run.output deltas of a run. */
    public String streamed(String runId) {
        var sb = new StringBuilder();
        for (Event e : events) {
            if (!e.type().equals("run.output")) continue;
            JsonNode d = dev.switchboard.json.Json.readStored(e.data());
            if (d.path("run_id").asText().equals(runId)) sb.append(d.path("delta").asText());
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }
}
