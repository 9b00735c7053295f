package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.OpenApiContract;
import dev.switchboard.testing.RawUpgrade;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every documented operation, called on the real server, and every response it gives checked against the served
 * {@code /openapi.json} ({@link OpenApiContract}): so the document can't drift from what the server answers.
 */
@EachStore
class OpenApiResponsesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static OpenApiContract contract;
    static final List<String> problems = new CopyOnWriteArrayList<>();
    static Checked admin;

    /** A client whose every response is checked against the contract. */
    record Checked(Http http) {
        Response call(String method, String path, Object body, String... headers) {
            Response r = http.send(method, path, body, headers);
            problems.addAll(contract.check(method, path, r.status(), r.header("Content-Type"), r.body()));
            return r;
        }

        Response get(String path, String... headers) {
            return call("GET", path, null, headers);
        }

        Response post(String path, Object body, String... headers) {
            return call("POST", path, body, headers);
        }

        Checked as(String token) {
            return new Checked(http.as(token));
        }
    }

    @BeforeEachStore
    static void start() {
        contract = new OpenApiContract(server.anonymous().get("/openapi.json").json());
        admin = new Checked(server.admin());
        problems.clear();
    }

    @Test
    void servers_names_the_host_and_port_the_document_was_fetched_from() {
        JsonNode doc = server.anonymous().get("/openapi.json").json();
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(server.url());
        String byName = "http://localhost:" + server.server().port();
        JsonNode other = new Http(byName, null).get("/openapi.json").json();
        assertThat(other.path("servers").get(0).path("url").asText()).isEqualTo(byName);
    }

    @Test
    void every_documented_operation_answers_what_the_document_says() throws Exception {
        operations();
        sessions();
        lifecycle();
        transcripts();
        runsAndAgents();
        directives();
        teams();
        readers();
        events();
        tokens();
        compaction();
        sources();
        deletions();
        assertThat(problems).as("responses that don't match /openapi.json").isEmpty();
        Set<String> missing = new TreeSet<>(contract.operations());
        missing.removeAll(contract.seen());
        assertThat(missing).as("documented operations this test never called").isEmpty();
    }

    static void operations() {
        var anonymous = new Checked(server.anonymous());
        for (String p : List.of("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")) {
            assertThat(anonymous.get(p).status()).isEqualTo(200);
        }
        // the dashboard: its page, each asset the page references, and an asset of another build
        String page = anonymous.get("/").body();
        var assets = java.util.regex.Pattern.compile("\"(/assets/[^\"]+)\"").matcher(page);
        int found = 0;
        while (assets.find()) {
            assertThat(anonymous.get(assets.group(1)).status()).as(assets.group(1)).isEqualTo(200);
            found++;
        }
        assertThat(found).as("assets referenced by /").isPositive();
        assertThat(anonymous.get("/assets/0000/app.js").status()).isEqualTo(404);
    }

    static void sessions() {
        assertThat(admin.post("/v1/sessions", Map.of("key", "oa-1", "title", "Contract")).status()).isEqualTo(201);
        admin.post("/v1/sessions", Map.of("source", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "42",
                "user_id", "42", "user_name", "Ada")));
        assertThat(admin.post("/v1/sessions", Map.of("key", "oa-1")).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions", Map.of("key", "oa-1", "if_exists", "error")).status()).isEqualTo(409);
        assertThat(admin.post("/v1/sessions", Map.of("key", "bad key!")).status()).isEqualTo(422);
        admin.post("/v1/sessions", Map.of("key", "oa-big", "metadata", Map.of("x", "y".repeat(70_000))));
        var narrow = admin.as(server.token("oa-narrow", List.of("sessions:read", "sessions:write"), Map.of("channels", List.of("slack"))));
        assertThat(narrow.post("/v1/sessions", Map.of("key", "agent:main:discord:dm:1")).status()).isEqualTo(403);

        assertThat(admin.get("/v1/sessions?limit=2").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions?status=sleeping").status()).isEqualTo(422);
        assertThat(admin.get("/v1/sessions/oa-1").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/agent:main:telegram:dm:42").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing").status()).isEqualTo(404);
        assertThat(admin.call("PATCH", "/v1/sessions/oa-1", Map.of("metadata", Map.of("a", 1))).status()).isEqualTo(200);
        assertThat(admin.call("PATCH", "/v1/sessions/oa-1", Map.of("title", "x"), "If-Match", "\"999\"").status()).isEqualTo(412);
        assertThat(admin.call("PATCH", "/v1/sessions/oa-1", Map.of("colour", "x")).status()).isEqualTo(422);
        assertThat(admin.call("PATCH", "/v1/sessions/missing", Map.of("title", "x")).status()).isEqualTo(404);
        assertThat(admin.post("/v1/sessions/oa-1/heartbeat", Map.of("status", "idle")).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/missing/heartbeat", Map.of()).status()).isEqualTo(404);
        admin.post("/v1/sessions", Map.of("key", "oa-ended"));
        assertThat(admin.post("/v1/sessions/oa-ended/end", Map.of("reason", "done")).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/oa-ended/heartbeat", Map.of()).status()).isEqualTo(409);
        assertThat(admin.post("/v1/sessions/heartbeat", Map.of("beats", List.of(Map.of("key", "oa-1"), Map.of("key", "missing"),
                Map.of("key", "oa-ended", "status", "idle")))).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/heartbeat", Map.of("beats", List.of(Map.of("key", "oa-1", "title", "x")))).status())
                .isEqualTo(422);
        var beats = new ArrayList<Map<String, String>>();
        for (int i = 0; i < 501; i++) beats.add(Map.of("key", "k" + i));
        assertThat(admin.post("/v1/sessions/heartbeat", Map.of("beats", beats)).status()).isEqualTo(413);
        assertThat(admin.post("/v1/sessions/missing/end", Map.of()).status()).isEqualTo(404);
    }

    static void lifecycle() {
        var source = Map.of("platform", "telegram", "chat_type", "group", "chat_id", "-100", "user_id", "7");
        assertThat(admin.post("/v1/sessions/resolve", Map.of("source", source)).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/resolve", Map.of("source", source)).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/resolve", Map.of("source", Map.of("platform", "telegram"))).status()).isEqualTo(422);
        var narrow = admin.as(server.token("oa-slack", List.of("sessions:write"), Map.of("channels", List.of("slack"))));
        assertThat(narrow.post("/v1/sessions/resolve", Map.of("source", source)).status()).isEqualTo(403);

        String first = admin.get("/v1/sessions/oa-1").json().path("id").asText();
        assertThat(admin.post("/v1/sessions/oa-1/reset", Map.of("reason", "new topic")).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/missing/reset", Map.of()).status()).isEqualTo(404);
        assertThat(admin.get("/v1/sessions/oa-1/instances").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/instances").status()).isEqualTo(404);
        assertThat(admin.get("/v1/instances/" + first).status()).isEqualTo(200);
        assertThat(admin.get("/v1/instances/missing").status()).isEqualTo(404);
        assertThat(admin.post("/v1/sessions/oa-1/switch", Map.of("id", first)).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/missing/switch", Map.of("id", first)).status()).isEqualTo(404);

        String plugin = "/v1/sessions/oa-1/plugins/memory/facts";
        assertThat(admin.call("PUT", plugin, Map.of("likes", List.of("tea"))).status()).isEqualTo(200);
        assertThat(admin.call("PUT", plugin, "").status()).isEqualTo(422);
        assertThat(admin.call("PUT", plugin, Map.of("x", 1), "If-Match", "\"999\"").status()).isEqualTo(412);
        assertThat(admin.call("PUT", plugin, Map.of("x", "y".repeat(70_000))).status()).isEqualTo(413);
        assertThat(admin.call("PUT", "/v1/sessions/missing/plugins/memory/facts", Map.of("x", 1)).status()).isEqualTo(404);
        var reader = admin.as(server.token("oa-reader", List.of("sessions:read", "transcripts:read"), Map.of()));
        assertThat(reader.call("PUT", plugin, Map.of("x", 1)).status()).isEqualTo(403);

        assertThat(admin.get("/v1/policies").status()).isEqualTo(200);
        assertThat(admin.get("/v1/policies?platform=telegram&chat_type=dm").status()).isEqualTo(200);
        assertThat(admin.call("PUT", "/v1/policies", Map.of("platforms", Map.of("discord", Map.of("mode", "idle", "idle_minutes", 30))))
                .status()).isEqualTo(200);
        assertThat(admin.call("PUT", "/v1/policies", Map.of("default", Map.of("mode", "weekly"))).status()).isEqualTo(422);
        assertThat(reader.get("/v1/policies").status()).isEqualTo(403);
        assertThat(reader.call("PUT", "/v1/policies", Map.of()).status()).isEqualTo(403);
    }

    static void transcripts() {
        String path = "/v1/sessions/oa-1/messages";
        assertThat(admin.post(path, Map.of("messages", List.of(Map.of("role", "user", "content", "the otter swims"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "hello")),
                        "usage", Map.of("input_tokens", 12, "output_tokens", 3, "cost_usd", 0.0001)),
                Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "c1", "type", "function",
                        "function", Map.of("name", "lookup", "arguments", "{}")))),
                Map.of("role", "tool", "tool_call_id", "c1", "name", "lookup", "content", "42",
                        "metadata", Map.of("source", "test"))))).status()).isEqualTo(201);
        assertThat(admin.post(path, Map.of("role", "user", "content", "one more")).status()).isEqualTo(201);
        assertThat(admin.post(path, Map.of("role", "robot", "content", "x")).status()).isEqualTo(422);
        assertThat(admin.post(path, Map.of("role", "user", "content", "x".repeat(200_001))).status()).isEqualTo(413);
        assertThat(admin.post("/v1/sessions/missing/messages", Map.of("role", "user", "content", "x")).status()).isEqualTo(404);
        assertThat(admin.post("/v1/sessions/oa-ended/messages", Map.of("role", "user", "content", "x")).status()).isEqualTo(409);
        assertThat(admin.get(path + "?order=desc&limit=3").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/messages").status()).isEqualTo(404);
    }

    static void runsAndAgents() throws Exception {
        assertThat(admin.get("/v1/agents").status()).isEqualTo(200);
        assertThat(admin.call("PUT", "/v1/agents/oa-echo", Map.of("adapter", "echo", "delay_ms", 1)).status()).isEqualTo(201);
        assertThat(admin.call("PUT", "/v1/agents/oa-echo", Map.of("adapter", "echo")).status()).isEqualTo(200);
        assertThat(admin.call("PUT", "/v1/agents/oa-proc", Map.of("adapter", "process",
                "command", List.of("/bin/bash", "-c", "echo out; echo err >&2"))).status()).isEqualTo(201);
        assertThat(admin.call("PUT", "/v1/agents/oa-bad", Map.of("adapter", "telepathy")).status()).isEqualTo(422);
        var reader = admin.as(server.token("oa-runs-reader", List.of("sessions:read"), Map.of()));
        assertThat(reader.get("/v1/agents").status()).isEqualTo(403);
        assertThat(reader.call("PUT", "/v1/agents/x", Map.of("adapter", "echo")).status()).isEqualTo(403);

        admin.post("/v1/sessions", Map.of("key", "oa-runs"));
        Response run = admin.post("/v1/sessions/oa-runs/runs", Map.of("input", "hello", "agent", "oa-proc"));
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        String id = run.json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !server.admin().get("/v1/runs/" + id).json()
                .path("status").asText().matches("queued|running"));
        assertThat(admin.get("/v1/runs/" + id).status()).isEqualTo(200);
        assertThat(admin.get("/v1/runs/" + id + "/logs?stream=stderr").status()).isEqualTo(200);
        assertThat(admin.get("/v1/runs/" + id + "/launch").status()).isEqualTo(200);
        assertThat(admin.get("/v1/runs/nope/launch").status()).isEqualTo(404);
        assertThat(reader.get("/v1/runs/" + id + "/launch").status()).isEqualTo(403);
        assertThat(admin.post("/v1/runs/" + id + "/abort", Map.of("reason", "late")).status()).isEqualTo(200);
        Response slow = admin.post("/v1/sessions/oa-runs/runs", Map.of("input", Map.of("role", "user", "content", "wait"),
                "agent", "oa-echo"));
        admin.post("/v1/sessions/oa-runs/runs", Map.of("input", "again", "on_active", "reject"));
        assertThat(admin.post("/v1/sessions/oa-runs/runs", Map.of("on_active", "sometimes")).status()).isEqualTo(422);
        assertThat(admin.post("/v1/sessions/missing/runs", Map.of("input", "x")).status()).isEqualTo(404);
        assertThat(admin.get("/v1/sessions/oa-runs/runs").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/runs").status()).isEqualTo(404);
        assertThat(admin.get("/v1/runs/nope").status()).isEqualTo(404);
        assertThat(admin.get("/v1/runs/nope/logs").status()).isEqualTo(404);
        assertThat(admin.get("/v1/runs/nope/report").status()).isEqualTo(404);
        assertThat(admin.post("/v1/maintenance", Map.of("dry_run", true)).status()).isEqualTo(200);
        assertThat(admin.post("/v1/runs/nope/abort", Map.of()).status()).isEqualTo(404);
        String slowId = slow.json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !server.admin().get("/v1/runs/" + slowId).json()
                .path("status").asText().matches("queued|running"));
    }

    /** Subagents, sends, pairs and stopping a session. */
    static void teams() {
        admin.post("/v1/sessions", Map.of("key", "oa-team"));
        assertThat(admin.post("/v1/sessions/oa-team/spawn", Map.of("agent", "echo", "input", "hi", "label", "c",
                "wait_seconds", 10)).status()).isEqualTo(201);
        assertThat(admin.post("/v1/sessions/oa-team/spawn", Map.of("input", "hi")).status()).isEqualTo(422);
        assertThat(admin.get("/v1/sessions/oa-team/children").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/children").status()).isEqualTo(404);
        assertThat(admin.post("/v1/sessions/oa-team/send", Map.of("to", "oa-team:sub:c", "content", "again")).status())
                .isEqualTo(202);
        assertThat(admin.post("/v1/sessions/oa-team/send", Map.of("to", "oa-runs", "content", "x", "wait_seconds", 10))
                .status()).isIn(200, 409);
        assertThat(admin.post("/v1/sessions/oa-team/send", Map.of("content", "x")).status()).isEqualTo(422);
        assertThat(admin.post("/v1/pairs", Map.of("from", "a", "to", "b")).status()).isEqualTo(201);
        assertThat(admin.post("/v1/pairs", Map.of("from", "a", "to", "b")).status()).isEqualTo(200);
        assertThat(admin.post("/v1/pairs", Map.of("from", "a b", "to", "b")).status()).isEqualTo(422);
        assertThat(admin.post("/v1/sessions/oa-team/abort", Map.of()).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/missing/abort", Map.of()).status()).isEqualTo(404);
        assertThat(admin.get("/v1/runs?limit=2").status()).isEqualTo(200);
        assertThat(admin.get("/v1/runs?status=sleeping").status()).isEqualTo(422);
        assertThat(admin.get("/v1/stats").status()).isEqualTo(200);
    }

    static void directives() {
        Response d = admin.post("/v1/directives", Map.of("session_key", "oa-runs", "content", "freeze", "priority", "urgent",
                "tags", List.of("ops")));
        assertThat(d.status()).isEqualTo(201);
        assertThat(admin.post("/v1/directives", Map.of("target", Map.of("channel", "telegram"), "content", "noon",
                "tags", List.of("broadcast"), "expires_at", "2030-01-01T00:00:00Z")).status()).isEqualTo(201);
        assertThat(admin.post("/v1/directives", Map.of("content", "", "tags", List.of())).status()).isEqualTo(422);
        assertThat(admin.post("/v1/directives", Map.of("session_key", "missing", "content", "x", "tags", List.of("a"))).status())
                .isEqualTo(404);
        var reader = admin.as(server.token("oa-dir-reader", List.of("sessions:read"), Map.of()));
        assertThat(reader.post("/v1/directives", Map.of("session_key", "oa-runs", "content", "x", "tags", List.of("a"))).status())
                .isEqualTo(403);
        assertThat(admin.get("/v1/sessions/oa-runs/directives").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/agent:main:telegram:dm:42/directives?pending=true").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/directives").status()).isEqualTo(404);
        assertThat(admin.post("/v1/directives/" + d.json().path("id").asText() + "/ack", Map.of("result", Map.of("ok", true)))
                .status()).isEqualTo(200);
        assertThat(admin.post("/v1/directives/nope/ack", Map.of()).status()).isEqualTo(404);
    }

    static void readers() {
        server.server().searchIndexer().catchUp();
        assertThat(admin.get("/v1/search?q=otter*").status()).isEqualTo(200);
        assertThat(admin.get("/v1/search?q=%22unclosed").status()).isEqualTo(422);
        assertThat(admin.get("/v1/usage?group_by=model").status()).isEqualTo(200);
        assertThat(admin.get("/v1/usage").status()).isEqualTo(200);
        assertThat(admin.get("/v1/usage?group_by=planet").status()).isEqualTo(422);
        assertThat(admin.get("/v1/sessions/oa-1/preview?limit=5&max_chars=40").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/oa-1/preview?limit=500").status()).isEqualTo(422);
        assertThat(admin.get("/v1/sessions/missing/preview").status()).isEqualTo(404);
        assertThat(admin.post("/v1/sessions/preview", Map.of("keys", List.of("oa-1", "missing"), "limit", 2)).status()).isEqualTo(200);
        assertThat(admin.post("/v1/sessions/preview", Map.of("keys", "oa-1")).status()).isEqualTo(422);
        var many = new ArrayList<String>();
        for (int i = 0; i < 65; i++) many.add("k" + i);
        assertThat(admin.post("/v1/sessions/preview", Map.of("keys", many)).status()).isEqualTo(413);
        assertThat(admin.get("/v1/sessions/oa-1/export").status()).isEqualTo(200);
        assertThat(admin.get("/v1/sessions/missing/export").status()).isEqualTo(404);
    }

    static void events() throws Exception {
        // A stream doesn't end: check its status and media type, then hang up.
        var request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/events?after=0"))
                .header("Authorization", "Bearer " + server.adminToken()).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.io.InputStream> sse = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var body = sse.body()) {
            problems.addAll(contract.check("GET", "/v1/events", sse.statusCode(), sse.headers().firstValue("Content-Type").orElse(null), ""));
        }
        assertThat(admin.get("/v1/events?types=nonsense.").status()).isEqualTo(422);
        assertThat(new Checked(server.anonymous()).get("/v1/events").status()).isEqualTo(401);
        var noRead = admin.as(server.token("oa-writer", List.of("transcripts:write"), Map.of()));
        assertThat(noRead.get("/v1/events").status()).isEqualTo(403);

        assertThat(admin.post("/v1/stream-tokens", Map.of("ttl_seconds", 60)).status()).isEqualTo(201);
        assertThat(admin.post("/v1/stream-tokens", Map.of("ttl_seconds", 0)).status()).isEqualTo(422);
        assertThat(admin.post("/v1/stream-tokens", Map.of("session", "missing")).status()).isEqualTo(404);
        var slack = admin.as(server.token("oa-slack-reader", List.of("sessions:read"), Map.of("channels", List.of("slack"))));
        assertThat(slack.post("/v1/stream-tokens", Map.of("channel", "telegram")).status()).isEqualTo(403);

        assertThat(admin.get("/v1/ws").status()).isEqualTo(400);
        RawUpgrade refused = RawUpgrade.send(server.url(), "/v1/ws");
        problems.addAll(contract.check("GET", "/v1/ws", refused.status(), refused.header("Content-Type"), refused.body()));
        RawUpgrade upgraded = RawUpgrade.send(server.url(), "/v1/ws", "Authorization: Bearer " + server.adminToken());
        problems.addAll(contract.check("GET", "/v1/ws", upgraded.status(), null, ""));
    }

    static void tokens() {
        Response t = admin.post("/v1/tokens", Map.of("name", "oa-token", "scopes", List.of("sessions:read"),
                "channels", List.of("telegram"), "expires_at", "2030-01-01T00:00:00Z"));
        assertThat(t.status()).isEqualTo(201);
        assertThat(admin.post("/v1/tokens", Map.of("name", "x", "scopes", List.of("superuser"))).status()).isEqualTo(422);
        var reader = admin.as(t.json().path("token").asText());
        assertThat(reader.post("/v1/tokens", Map.of("name", "x", "scopes", List.of("admin"))).status()).isEqualTo(403);
        assertThat(reader.get("/v1/tokens").status()).isEqualTo(403);
        assertThat(admin.get("/v1/tokens?include_revoked=true").status()).isEqualTo(200);
        String id = t.json().path("id").asText();
        assertThat(admin.get("/v1/tokens/" + id).status()).isEqualTo(200);
        assertThat(admin.get("/v1/tokens/nope").status()).isEqualTo(404);
        assertThat(admin.call("DELETE", "/v1/tokens/" + id, null).status()).isEqualTo(204);
        assertThat(admin.call("DELETE", "/v1/tokens/nope", null).status()).isEqualTo(404);
    }

    static void compaction() {
        String base = "/v1/sessions/oa-cmp";
        assertThat(admin.post("/v1/sessions", Map.of("key", "oa-cmp")).status()).isIn(200, 201);
        for (int i = 0; i < 8; i++) {
            assertThat(admin.post(base + "/messages", Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "m" + i))
                    .status()).isEqualTo(201);
        }
        Response cp = admin.post(base + "/compact", Map.of("strategy", "truncate", "keep_last", 2));
        assertThat(cp.status()).isEqualTo(201);
        String id = cp.json().path("id").asText();
        assertThat(admin.post(base + "/compact", Map.of("strategy", "truncate", "keep_last", 2)).status()).isEqualTo(409);
        assertThat(admin.post(base + "/compact", Map.of("strategy", "summarize")).status()).isEqualTo(422);
        assertThat(admin.post("/v1/sessions/missing/compact", Map.of("strategy", "truncate")).status()).isEqualTo(404);
        assertThat(admin.get(base + "/checkpoints").status()).isEqualTo(200);
        assertThat(admin.get(base + "/checkpoints/" + id + "?include=messages").status()).isEqualTo(200);
        assertThat(admin.get(base + "/checkpoints/nope").status()).isEqualTo(404);
        for (String format : List.of("switchboard", "openai", "anthropic")) {
            assertThat(admin.get(base + "/context?format=" + format).status()).as(format).isEqualTo(200);
        }
        assertThat(admin.get(base + "/context?format=xml").status()).isEqualTo(422);
        assertThat(admin.post(base + "/checkpoints/" + id + "/branch", Map.of("key", "oa-cmp-branch")).status()).isEqualTo(201);
        assertThat(admin.post(base + "/checkpoints/" + id + "/restore", Map.of()).status()).isEqualTo(200);
        assertThat(admin.call("PUT", base + "/messages?after_seq=6", Map.of("messages",
                List.of(Map.of("role", "assistant", "content", "rewritten")))).status()).isEqualTo(200);
        assertThat(admin.call("PUT", base + "/messages?after_seq=6", Map.of("role", "robot", "content", "x")).status())
                .isEqualTo(422);
        assertThat(admin.call("PUT", "/v1/sessions/missing/messages?after_seq=0", Map.of("role", "user", "content", "x"))
                .status()).isEqualTo(404);
    }

    /** The importer's followed sources (none are configured here): admin only. */
    static void sources() {
        assertThat(admin.get("/v1/sources").status()).isEqualTo(200);
        var reader = admin.as(server.token("oa-src-reader", List.of("sessions:read", "transcripts:read"), Map.of()));
        assertThat(reader.get("/v1/sources").status()).isEqualTo(403);
    }

    static void deletions() {
        admin.post("/v1/sessions", Map.of("key", "oa-del"));
        admin.post("/v1/sessions/oa-del/messages", Map.of("messages", List.of(Map.of("role", "user", "content", "a"),
                Map.of("role", "assistant", "content", "b"))));
        assertThat(admin.call("DELETE", "/v1/sessions/oa-del/messages?after_seq=1", null).status()).isEqualTo(200);
        assertThat(admin.call("DELETE", "/v1/sessions/oa-del/messages?after_seq=1", null).status()).isEqualTo(200);
        assertThat(admin.call("DELETE", "/v1/sessions/oa-del/messages", null).status()).isEqualTo(422);
        assertThat(admin.call("DELETE", "/v1/sessions/missing/messages?after_seq=1", null).status()).isEqualTo(404);
        assertThat(admin.call("DELETE", "/v1/sessions/oa-del", null, "If-Match", "\"999\"").status()).isEqualTo(412);
        assertThat(admin.call("DELETE", "/v1/sessions/oa-del", null).status()).isEqualTo(204);
        assertThat(admin.call("DELETE", "/v1/sessions/missing", null).status()).isEqualTo(404);
        var writer = admin.as(server.token("oa-deleter", List.of("sessions:read", "sessions:write"), Map.of()));
        assertThat(writer.call("DELETE", "/v1/sessions/oa-1?purge=true", null).status()).isEqualTo(403);

        Response archive = admin.get("/v1/archive?key=oa-del");
        assertThat(archive.status()).isEqualTo(200);
        admin.get("/v1/archive?kind=messages&reason=undo");
        String entry = archive.json().path("items").get(0).path("id").asText();
        assertThat(admin.get("/v1/archive/" + entry).status()).isEqualTo(200);
        assertThat(admin.get("/v1/archive/" + entry + "/messages").status()).isEqualTo(200);
        assertThat(admin.get("/v1/archive/nope").status()).isEqualTo(404);
        assertThat(admin.get("/v1/archive/nope/messages").status()).isEqualTo(404);
        var reader = admin.as(server.token("oa-archive-reader", List.of("sessions:read"), Map.of()));
        assertThat(reader.get("/v1/archive").status()).isEqualTo(403);
        assertThat(reader.get("/v1/archive/" + entry).status()).isEqualTo(403);
        assertThat(reader.get("/v1/archive/" + entry + "/messages").status()).isEqualTo(403);
    }
}
