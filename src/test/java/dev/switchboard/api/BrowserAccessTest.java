package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawUpgrade;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a page on another origin needs: CORS on the API and SSE, preflights, and WebSocket upgrades a browser makes. */
@EachStore
class BrowserAccessTest {
    static final String APP = "http://app.example.test:5173";
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("http.cors_origins", List.of(APP, "https://other.example.test")));
    static TestServer closed;
    static Http api;

    @BeforeEachStore
    static void start() {
        closed = server.startAnother(c -> c);
        api = server.admin();
    }

    @AfterEachStore
    static void stop() throws Exception {
        closed.close();
    }

    static Response preflight(TestServer s, String path, String origin) {
        return new Http(s.url(), null).send("OPTIONS", path, null, "Origin", origin,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
    }

    @Test
    void a_preflight_from_a_listed_origin_is_answered_for_the_api_the_event_stream_and_the_websocket() {
        for (String path : List.of("/v1/sessions", "/v1/sessions/a%2Fb/messages", "/v1/events", "/v1/ws")) {
            Response r = preflight(server.get(), path, APP);
            assertThat(r.status()).as(path + " " + r).isEqualTo(204);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(r.header("Access-Control-Allow-Methods")).contains("POST").contains("PATCH").contains("DELETE");
            assertThat(r.header("Access-Control-Allow-Headers")).contains("Authorization").contains("If-Match")
                    .contains("Idempotency-Key").contains("Last-Event-ID");
            assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        }
    }

    @Test
    void responses_to_a_listed_origin_carry_that_origin_never_a_wildcard() {
        Response r = api.get("/v1/sessions", "Origin", APP);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(r.header("Vary")).contains("Origin");
        assertThat(r.header("Access-Control-Expose-Headers")).contains("ETag");
        // a refusal is readable by the page too
        Response unauthorized = new Http(server.url(), null).get("/v1/sessions", "Origin", APP);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }

    @Test
    void an_unlisted_origin_gets_no_cors_headers_and_its_preflight_says_which_setting_to_change() {
        Response r = api.get("/v1/sessions", "Origin", "https://evil.example.test");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        Response p = preflight(server.get(), "/v1/sessions", "https://evil.example.test");
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.json().path("detail").asText()).contains("cors_origins");
    }

    @Test
    void by_default_no_origin_is_listed() {
        assertThat(closed.admin().get("/v1/sessions", "Origin", APP).header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight(closed, "/v1/sessions", APP).status()).isEqualTo(403);
    }

    @Test
    void the_event_stream_answers_a_listed_origin_with_cors_headers() throws Exception {
        String stream = api.post("/v1/stream-tokens", Map.of("ttl_seconds", 60)).json().path("token").asText();
        var request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/events?access_token=" + stream))
                .header("Origin", APP).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var body = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        }
    }

    @Test
    void websocket_upgrades_from_a_listed_origin_the_same_origin_or_no_browser_are_accepted() {
        String stream = api.post("/v1/stream-tokens", Map.of("ttl_seconds", 60)).json().path("token").asText();
        String path = "/v1/ws?access_token=" + stream;
        assertThat(RawUpgrade.send(server.url(), path, "Origin: " + APP).status()).isEqualTo(101);
        assertThat(RawUpgrade.send(server.url(), path, "Origin: " + server.url()).status()).isEqualTo(101);
        assertThat(RawUpgrade.send(server.url(), path).status()).isEqualTo(101);
    }

    @Test
    void a_websocket_upgrade_from_another_origin_is_refused_with_a_problem() throws Exception {
        String stream = api.post("/v1/stream-tokens", Map.of("ttl_seconds", 60)).json().path("token").asText();
        RawUpgrade r = RawUpgrade.send(server.url(), "/v1/ws?access_token=" + stream, "Origin: https://evil.example.test");
        assertThat(r.status()).isEqualTo(403);
        JsonNode problem = Json.MAPPER.readTree(r.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:switchboard:problem:forbidden");
        assertThat(problem.path("detail").asText()).contains("https://evil.example.test").contains("cors_origins");
    }

    @Test
    void an_unauthenticated_upgrade_answers_401_with_the_problem_and_sets_no_cookie() throws Exception {
        RawUpgrade r = RawUpgrade.send(server.url(), "/v1/ws");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Json.MAPPER.readTree(r.body()).path("detail").asText()).contains("missing bearer token");
        assertThat(r.header("Set-Cookie")).isNull();
    }

    @Test
    void an_accepted_upgrade_sets_no_session_cookie() {
        RawUpgrade r = RawUpgrade.send(server.url(), "/v1/ws", "Authorization: Bearer " + server.adminToken());
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.headers()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie"));
    }

    @Test
    void if_match_as_a_quoted_string_works_over_websocket_as_it_does_over_rest() {
        api.post("/v1/sessions", Map.of("key", "ws-if-match"));
        long version = api.get("/v1/sessions/ws-if-match").json().path("version").asLong();
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            JsonNode stale = ws.call("sessions.patch", Map.of("key", "ws-if-match", "if_match", "\"999\"", "title", "x"));
            assertThat(stale.path("error").path("type").asText()).isEqualTo("urn:switchboard:problem:precondition-failed");
            JsonNode bare = ws.call("sessions.patch", Map.of("key", "ws-if-match", "if_match", "999", "title", "x"));
            assertThat(bare.path("error").path("status").asInt()).isEqualTo(412);
            JsonNode ok = ws.call("sessions.patch", Map.of("key", "ws-if-match", "if_match", "\"" + version + "\"", "title", "y"));
            assertThat(ok.path("result").path("title").asText()).as(ok.toString()).isEqualTo("y");
            JsonNode weak = ws.call("sessions.patch", Map.of("key", "ws-if-match", "if_match", "W/\"" + (version + 1) + "\"", "title", "z"));
            assertThat(weak.path("result").path("title").asText()).as(weak.toString()).isEqualTo("z");
        }
        Response rest = api.patch("/v1/sessions/ws-if-match", Map.of("title", "x"), "If-Match", "\"999\"");
        assertThat(rest.status()).isEqualTo(412);
    }
}
