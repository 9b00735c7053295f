package dev.switchboard.streamtoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/stream-tokens}: what they may see, where they are accepted, and that expiry and revocation end streams. */
@EachStore
class StreamTokenTest {
    static final MutableClock clock = MutableClock.at("2026-11-25T17:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c).clock(clock);
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:st-1"));
        api.post("/v1/sessions", Map.of("key", "agent:main:slack:dm:st-2"));
    }


    static JsonNode streamToken(Http as, Object body) {
        Response r = as.post("/v1/stream-tokens", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static SseClient events(String streamToken, String query) {
        var sse = SseClient.connect(server.url() + "/v1/events?access_token=" + streamToken + query, null, null);
        assertThat(sse.status()).isEqualTo(200);
        return sse;
    }

    static String key(SseClient.Event e) {
        return e.json().path("key").asText();
    }

    @Test
    void a_stream_token_is_read_only_short_lived_and_expires_after_300_s_by_default() {
        JsonNode t = streamToken(api, Map.of());
        assertThat(t.path("token").asText()).startsWith("sbs_");
        assertThat(Json.parseTime(t.path("expires_at").asText())).isEqualTo(clock.instant().plusSeconds(300));
        assertThat(t.path("scopes")).extracting(JsonNode::asText).containsExactly("sessions:read", "transcripts:read");
        Http stream = api.as(t.path("token").asText());
        assertThat(stream.get("/v1/sessions/" + Http.seg("agent:main:telegram:dm:st-1")).status()).isEqualTo(200);
        Response write = stream.post("/v1/sessions", Map.of("key", "by-a-stream-token"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.problem()).isEqualTo("forbidden");
    }

    @Test
    void ttl_is_at_most_an_hour() {
        assertThat(api.post("/v1/stream-tokens", Map.of("ttl_seconds", 3601)).status()).isEqualTo(422);
        assertThat(api.post("/v1/stream-tokens", Map.of("ttl_seconds", 0)).status()).isEqualTo(422);
        JsonNode hour = streamToken(api, Map.of("ttl_seconds", 3600));
        assertThat(Json.parseTime(hour.path("expires_at").asText())).isEqualTo(clock.instant().plusSeconds(3600));
    }

    @Test
    void unknown_fields_are_rejected() {
        Response r = api.post("/v1/stream-tokens", Map.of("scopes", List.of("admin")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.problem()).isEqualTo("validation");
    }

    @Test
    void the_query_string_token_works_on_events_and_nowhere_else() {
        String token = streamToken(api, Map.of()).path("token").asText();
        try (var sse = events(token, "")) {
            api.patch("/v1/sessions/" + Http.seg("agent:main:telegram:dm:st-1"), Map.of("title", "seen by the stream token"));
            assertThat(sse.next().event()).isEqualTo("session.updated");
        }
        assertThat(server.anonymous().get("/v1/sessions?access_token=" + token).status()).isEqualTo(401);
    }

    @Test
    void a_stream_token_restricted_to_one_session_sees_only_that_session() {
        String only = "agent:main:telegram:dm:st-1";
        String token = streamToken(api, Map.of("session", only)).path("token").asText();
        try (var sse = events(token, "")) {
            api.patch("/v1/sessions/" + Http.seg("agent:main:slack:dm:st-2"), Map.of("title", "other " + System.nanoTime()));
            api.patch("/v1/sessions/" + Http.seg(only), Map.of("title", "mine " + System.nanoTime()));
            assertThat(key(sse.next())).isEqualTo(only);
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
        assertThat(api.as(token).get("/v1/sessions/" + Http.seg("agent:main:slack:dm:st-2")).status()).isEqualTo(404);
    }

    @Test
    void grants_are_never_wider_than_the_creators() {
        Http slackReader = server.client("slack-reader", List.of("sessions:read"), Map.of("channels", List.of("slack")));
        JsonNode t = streamToken(slackReader, Map.of());
        assertThat(t.path("scopes")).extracting(JsonNode::asText).containsExactly("sessions:read");
        try (var sse = events(t.path("token").asText(), "")) {
            api.patch("/v1/sessions/" + Http.seg("agent:main:telegram:dm:st-1"), Map.of("title", "hidden " + System.nanoTime()));
            api.post("/v1/sessions/" + Http.seg("agent:main:slack:dm:st-2") + "/messages", Map.of("role", "user", "content", "hidden"));
            api.patch("/v1/sessions/" + Http.seg("agent:main:slack:dm:st-2"), Map.of("title", "visible " + System.nanoTime()));
            var e = sse.next();
            assertThat(key(e)).isEqualTo("agent:main:slack:dm:st-2");
            assertThat(e.event()).isEqualTo("session.updated");
        }
        Response otherChannel = slackReader.post("/v1/stream-tokens", Map.of("channel", "telegram"));
        assertThat(otherChannel.status()).isEqualTo(403);
        Response invisible = slackReader.post("/v1/stream-tokens", Map.of("session", "agent:main:telegram:dm:st-1"));
        assertThat(invisible.status()).isEqualTo(404);
        assertThat(api.post("/v1/stream-tokens", Map.of("session", "no-such-session")).status()).isEqualTo(404);
    }

    @Test
    void creating_a_stream_token_needs_sessions_read_and_an_api_token() {
        Http writer = server.client("writer-only", List.of("sessions:write"), Map.of());
        assertThat(writer.post("/v1/stream-tokens", Map.of()).status()).isEqualTo(403);
        String stream = streamToken(api, Map.of()).path("token").asText();
        assertThat(api.as(stream).post("/v1/stream-tokens", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void expiry_closes_an_open_stream_and_the_token_stops_working() {
        String token = streamToken(api, Map.of("ttl_seconds", 60)).path("token").asText();
        try (var sse = events(token, "")) {
            clock.advance(Duration.ofSeconds(61));
            var closed = sse.next();
            assertThat(closed.event()).isEqualTo("closed");
            assertThat(closed.json().path("reason").asText()).isEqualTo("token-expired");
            await().atMost(Duration.ofSeconds(5)).until(sse::ended);
        }
        var again = SseClient.connect(server.url() + "/v1/events?access_token=" + token, null, null);
        assertThat(again.errorResponse().status()).isEqualTo(401);
    }

    @Test
    void revoking_a_stream_token_closes_its_stream_at_once() {
        JsonNode t = streamToken(api, Map.of());
        try (var sse = events(t.path("token").asText(), "")) {
            assertThat(api.delete("/v1/tokens/" + t.path("id").asText()).status()).isEqualTo(204);
            var closed = sse.next();
            assertThat(closed.event()).isEqualTo("closed");
            assertThat(closed.json().path("reason").asText()).isEqualTo("token-revoked");
            await().atMost(Duration.ofSeconds(5)).until(sse::ended);
        }
    }

    @Test
    void revoking_the_creator_closes_the_streams_of_its_stream_tokens() {
        Response created = api.post("/v1/tokens", Map.of("name", "dashboard", "scopes", List.of("sessions:read")));
        Http dashboard = api.as(created.json().path("token").asText());
        String token = streamToken(dashboard, Map.of()).path("token").asText();
        try (var sse = events(token, "");
             var ws = WsClient.connect(server.url(), null, token)) {
            assertThat(api.delete("/v1/tokens/" + created.json().path("id").asText()).status()).isEqualTo(204);
            assertThat(sse.next().json().path("reason").asText()).isEqualTo("token-revoked");
            WsClient.Close close = ws.awaitClose(Duration.ofSeconds(5));
            assertThat(close).isNotNull();
            assertThat(close.status()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo("token-revoked");
        }
    }

    @Test
    void a_stream_token_never_outlives_its_creator() {
        Instant creatorExpiry = clock.instant().plusSeconds(120);
        Response created = api.post("/v1/tokens", Map.of("name", "short", "scopes", List.of("sessions:read"),
                "expires_at", creatorExpiry.toString()));
        JsonNode t = streamToken(api.as(created.json().path("token").asText()), Map.of("ttl_seconds", 3600));
        assertThat(Json.parseTime(t.path("expires_at").asText())).isEqualTo(creatorExpiry);
    }

    @Test
    void over_websocket_a_stream_token_reads_and_subscribes_but_cannot_mutate() {
        String token = streamToken(api, Map.of()).path("token").asText();
        try (var ws = WsClient.connect(server.url(), null, token)) {
            assertThat(ws.result("sessions.get", Map.of("key", "agent:main:slack:dm:st-2")).path("key").asText())
                    .isEqualTo("agent:main:slack:dm:st-2");
            JsonNode create = ws.call("sessions.create", Map.of("key", "ws-by-stream-token"));
            assertThat(create.path("error").path("type").asText()).isEqualTo("urn:switchboard:problem:forbidden");
            assertThat(create.path("error").path("status").asInt()).isEqualTo(403);
            JsonNode append = ws.call("messages.append", Map.of("key", "agent:main:slack:dm:st-2", "role", "user", "content", "x"));
            assertThat(append.path("error").path("status").asInt()).isEqualTo(403);
            assertThat(ws.result("events.subscribe", Map.of()).path("subscribed").asBoolean()).isTrue();
        }
    }
}
