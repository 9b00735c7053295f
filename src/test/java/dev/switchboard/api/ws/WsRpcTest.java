package dev.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/ws} end to end with the JDK WebSocket client: every method, the error frames, and event push. */
@EachStore
class WsRpcTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    WsClient ws;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }


    @BeforeEach
    void connect() {
        ws = WsClient.connect(server.url(), server.adminToken(), null);
    }

    @AfterEach
    void disconnect() {
        ws.close();
    }

    static String problem(JsonNode reply) {
        assertThat(reply.has("result")).as("expected an error frame: %s", reply).isFalse();
        return reply.path("error").path("type").asText().replace("urn:switchboard:problem:", "");
    }

    @Test
    void sessions_create_returns_the_session_rest_then_serves() {
        JsonNode session = ws.result("sessions.create", Map.of("key", "agent:main:slack:dm:ws-1", "title", "Via WS"));
        assertThat(session.path("key").asText()).isEqualTo("agent:main:slack:dm:ws-1");
        assertThat(session.path("channel").asText()).isEqualTo("slack");
        assertThat(session.path("version").asLong()).isEqualTo(1);
        var rest = api.get("/v1/sessions/" + Http.seg("agent:main:slack:dm:ws-1")).json();
        assertThat(rest).isEqualTo(session);
    }

    @Test
    void sessions_get_returns_the_session_or_not_found() {
        api.post("/v1/sessions", Map.of("key", "ws-get"));
        JsonNode reply = ws.call("sessions.get", Map.of("key", "ws-get"));
        assertThat(reply.path("id").asLong()).isPositive();
        assertThat(reply.path("result").path("key").asText()).isEqualTo("ws-get");
        assertThat(problem(ws.call("sessions.get", Map.of("key", "ws-missing")))).isEqualTo("not-found");
    }

    @Test
    void sessions_list_takes_the_rest_query_parameters() {
        api.post("/v1/sessions", Map.of("key", "agent:main:discord:dm:ws-l1"));
        api.post("/v1/sessions", Map.of("key", "agent:main:discord:dm:ws-l2"));
        JsonNode page = ws.result("sessions.list", Map.of("channel", "discord", "limit", 1));
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("next_cursor").isTextual()).isTrue();
        JsonNode rest = page.path("items").get(0).path("channel");
        assertThat(rest.asText()).isEqualTo("discord");
        JsonNode second = ws.result("sessions.list", Map.of("channel", "discord", "limit", 1, "cursor", page.path("next_cursor").asText()));
        assertThat(second.path("items").get(0).path("key").asText()).isNotEqualTo(page.path("items").get(0).path("key").asText());
        assertThat(problem(ws.call("sessions.list", Map.of("limit", 501)))).isEqualTo("validation");
    }

    @Test
    void sessions_patch_merges_and_honours_if_match() {
        api.post("/v1/sessions", Map.of("key", "ws-patch", "metadata", Map.of("a", 1)));
        JsonNode patched = ws.result("sessions.patch", Map.of("key", "ws-patch", "if_match", 1, "title", "New", "metadata", Map.of("b", 2)));
        assertThat(patched.path("title").asText()).isEqualTo("New");
        assertThat(patched.path("metadata")).hasSize(2);
        assertThat(patched.path("version").asLong()).isEqualTo(2);
        JsonNode stale = ws.call("sessions.patch", Map.of("key", "ws-patch", "if_match", 1, "title", "Lost update"));
        assertThat(problem(stale)).isEqualTo("precondition-failed");
        assertThat(stale.path("error").path("status").asInt()).isEqualTo(412);
    }

    @Test
    void sessions_heartbeat_beats_like_the_rest_endpoint() {
        api.post("/v1/sessions", Map.of("key", "ws-beat"));
        JsonNode beaten = ws.result("sessions.heartbeat", Map.of("key", "ws-beat", "status", "idle"));
        assertThat(beaten.path("status").asText()).isEqualTo("idle");
        JsonNode rest = api.get("/v1/sessions/ws-beat").json();
        assertThat(rest.path("status").asText()).isEqualTo("idle");
        assertThat(rest.path("last_seen_at").asText()).isEqualTo(beaten.path("last_seen_at").asText());
        JsonNode titled = ws.result("sessions.heartbeat", Map.of("key", "ws-beat", "title", "Beating"));
        assertThat(titled.path("title").asText()).isEqualTo("Beating");
        assertThat(titled.path("status").asText()).isEqualTo("active");
        assertThat(problem(ws.call("sessions.heartbeat", Map.of("key", "ws-beat", "status", "ended")))).isEqualTo("validation");
        assertThat(problem(ws.call("sessions.heartbeat", Map.of("key", "ws-no-such")))).isEqualTo("not-found");
    }

    @Test
    void sessions_heartbeat_with_beats_is_the_batch_form() {
        api.post("/v1/sessions", Map.of("key", "ws-beat-1"));
        api.post("/v1/sessions", Map.of("key", "ws-beat-2"));
        JsonNode beaten = ws.result("sessions.heartbeat", Map.of("beats",
                List.of(Map.of("key", "ws-beat-1", "status", "idle"), Map.of("key", "ws-beat-2"), Map.of("key", "ws-beat-none"))));
        assertThat(beaten.path("items").findValuesAsText("outcome")).containsExactly("alive", "alive", "missing");
        assertThat(api.get("/v1/sessions/ws-beat-1").json().path("status").asText()).isEqualTo("idle");
        JsonNode invalid = ws.call("sessions.heartbeat", Map.of("beats", List.of(Map.of("key", "ws-beat-1", "model", "m"))));
        assertThat(problem(invalid)).isEqualTo("validation");
        assertThat(invalid.path("error").path("errors").findValuesAsText("field")).containsExactly("beats[0].model");
    }

    @Test
    void messages_append_and_list_mirror_the_transcript_endpoints() {
        api.post("/v1/sessions", Map.of("key", "ws-messages"));
        JsonNode appended = ws.result("messages.append", Map.of("key", "ws-messages",
                "messages", List.of(Map.of("role", "user", "content", "one"), Map.of("role", "assistant", "content", "two"))));
        assertThat(appended.path("items")).extracting(m -> m.path("seq").asLong()).containsExactly(1L, 2L);
        JsonNode single = ws.result("messages.append", Map.of("key", "ws-messages", "role", "user", "content", "three"));
        assertThat(single.path("items").get(0).path("seq").asLong()).isEqualTo(3);
        JsonNode last = ws.result("messages.list", Map.of("key", "ws-messages", "order", "desc", "limit", 1));
        assertThat(last.path("items").get(0).path("content").asText()).isEqualTo("three");
        assertThat(api.get("/v1/sessions/ws-messages/messages").json().path("items")).hasSize(3);
        JsonNode invalid = ws.call("messages.append", Map.of("key", "ws-messages", "role", "robot", "content", "x"));
        assertThat(problem(invalid)).isEqualTo("validation");
        assertThat(invalid.path("error").path("errors").get(0).path("field").asText()).contains("role");
    }

    @Test
    void events_subscribe_pushes_matching_events_from_the_requested_position() {
        api.post("/v1/sessions", Map.of("key", "agent:main:slack:dm:ws-ev"));
        long after = ws.result("events.subscribe", Map.of()).path("after").asLong(); // live: the current head
        ws.result("events.unsubscribe", Map.of());
        api.post("/v1/sessions/" + Http.seg("agent:main:slack:dm:ws-ev") + "/messages", Map.of("role", "user", "content", "replayed"));
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:ws-ev"));

        JsonNode subscribed = ws.result("events.subscribe", Map.of("types", List.of("message.", "session.updated"),
                "exclude_channel", "telegram", "after", after));
        assertThat(subscribed.path("subscribed").asBoolean()).isTrue();
        JsonNode first = ws.nextEvent(Duration.ofSeconds(10));
        assertThat(first.path("event").asText()).isEqualTo("message.appended");
        assertThat(first.path("seq").asLong()).isEqualTo(after + 1);
        assertThat(first.path("data").path("seq").asLong()).isEqualTo(after + 1);
        assertThat(first.path("data").path("key").asText()).isEqualTo("agent:main:slack:dm:ws-ev");
        assertThat(first.path("data").path("data").path("content").asText()).isEqualTo("replayed");

        api.patch("/v1/sessions/" + Http.seg("agent:main:telegram:dm:ws-ev"), Map.of("title", "excluded"));
        api.patch("/v1/sessions/" + Http.seg("agent:main:slack:dm:ws-ev"), Map.of("title", "live"));
        JsonNode live = ws.nextEvent(Duration.ofSeconds(10));
        assertThat(live.path("event").asText()).isEqualTo("session.updated");
        assertThat(live.path("data").path("data").path("title").asText()).isEqualTo("live");
    }

    @Test
    void no_event_is_pushed_after_the_unsubscribe_reply() {
        ws.result("events.subscribe", Map.of());
        api.post("/v1/sessions", Map.of("key", "ws-unsub-1"));
        assertThat(ws.nextEvent(Duration.ofSeconds(10))).isNotNull();
        assertThat(ws.result("events.unsubscribe", Map.of()).path("unsubscribed").asBoolean()).isTrue();
        api.post("/v1/sessions", Map.of("key", "ws-unsub-2"));
        assertThat(ws.nextEvent(Duration.ofMillis(500))).isNull();
        assertThat(ws.result("events.unsubscribe", Map.of()).path("unsubscribed").asBoolean()).isFalse();
    }

    @Test
    void events_subscribe_rejects_an_unknown_type() {
        assertThat(problem(ws.call("events.subscribe", Map.of("types", List.of("sesion."))))).isEqualTo("validation");
    }

    @Test
    void an_unknown_method_is_an_error_frame_with_a_not_found_problem() {
        JsonNode reply = ws.call("sessions.teleport", Map.of());
        assertThat(problem(reply)).isEqualTo("not-found");
        assertThat(reply.path("error").path("status").asInt()).isEqualTo(404);
        assertThat(reply.path("error").path("detail").asText()).contains("sessions.teleport");
    }

    @Test
    void a_malformed_frame_gets_a_bad_request_error_with_a_null_id() {
        ws.sendRaw("{not json");
        JsonNode reply = ws.nextReply(Duration.ofSeconds(10));
        assertThat(reply.path("id").isNull()).isTrue();
        assertThat(problem(reply)).isEqualTo("bad-request");
    }

    @Test
    void a_frame_without_a_method_or_key_is_a_validation_error() {
        ws.sendRaw("{\"id\": \"a\"}");
        JsonNode noMethod = ws.nextReply(Duration.ofSeconds(10));
        assertThat(noMethod.path("id").asText()).isEqualTo("a");
        assertThat(problem(noMethod)).isEqualTo("validation");
        assertThat(problem(ws.call("sessions.get", Map.of()))).isEqualTo("validation");
    }

    @Test
    void a_binary_frame_is_answered_with_an_error() {
        ws.sendBinary(new byte[] {1, 2, 3});
        assertThat(problem(ws.nextReply(Duration.ofSeconds(10)))).isEqualTo("bad-request");
    }

    @Test
    void a_method_outside_the_tokens_scopes_is_forbidden() {
        String reader = server.token("reader", List.of("sessions:read"), Map.of());
        try (var readOnly = WsClient.connect(server.url(), reader, null)) {
            assertThat(problem(readOnly.call("sessions.create", Map.of("key", "ws-forbidden")))).isEqualTo("forbidden");
            assertThat(problem(readOnly.call("messages.list", Map.of("key", "ws-get")))).isEqualTo("forbidden");
            assertThat(problem(readOnly.call("sessions.heartbeat", Map.of("key", "ws-get")))).isEqualTo("forbidden");
            assertThat(problem(readOnly.call("sessions.heartbeat", Map.of("beats", List.of(Map.of("key", "ws-get"))))))
                    .isEqualTo("forbidden");
        }
    }

    @Test
    void sessions_outside_the_tokens_grants_are_not_found() {
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:ws-hidden"));
        String slack = server.token("slack", List.of("sessions:read"), Map.of("channels", List.of("slack")));
        try (var limited = WsClient.connect(server.url(), slack, null)) {
            assertThat(problem(limited.call("sessions.get", Map.of("key", "agent:main:telegram:dm:ws-hidden")))).isEqualTo("not-found");
        }
    }

    @Test
    void the_upgrade_needs_a_token() {
        assertThatThrownBy(() -> WsClient.connect(server.url(), null, null))
                .isInstanceOfSatisfying(WsClient.UpgradeRefused.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> WsClient.connect(server.url(), null, server.adminToken()))
                .as("API tokens are not accepted in the URL")
                .isInstanceOfSatisfying(WsClient.UpgradeRefused.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void revoking_the_token_closes_the_socket_with_policy_violation() {
        var created = api.post("/v1/tokens", Map.of("name", "ws-revoked", "scopes", List.of("sessions:read"))).json();
        try (var socket = WsClient.connect(server.url(), created.path("token").asText(), null)) {
            socket.result("sessions.list", Map.of());
            api.delete("/v1/tokens/" + created.path("id").asText());
            WsClient.Close close = socket.awaitClose(Duration.ofSeconds(5));
            assertThat(close).isNotNull();
            assertThat(close.status()).isEqualTo(1008);
        }
    }

    @Test
    void a_plain_get_without_upgrade_explains_itself() {
        var r = api.get("/v1/ws");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asText()).contains("WebSocket");
    }

    @Test
    void metrics_count_open_websockets() {
        // The client's connect returns once the upgrade is answered, a moment before the server's onConnect
        // has registered the stream: wait for it rather than race it.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(server.anonymous().get("/metrics").body()).containsPattern("switchboard_streams_open\\{transport=\"ws\"} [1-9]"));
    }
}
