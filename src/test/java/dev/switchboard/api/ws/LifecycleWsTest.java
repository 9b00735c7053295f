package dev.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lifecycle methods over {@code /v1/ws}: resolve, reset, delete, preview — same services as REST. */
@EachStore
class LifecycleWsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static WsClient ws;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        ws = WsClient.connect(server.url(), server.adminToken(), null);
    }

    @AfterEachStore
    static void stop() {
        ws.close();
    }

    @Test
    void sessions_resolve_routes_the_source_like_rest() {
        JsonNode r = ws.result("sessions.resolve", Map.of("source",
                Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "ws-9")));
        assertThat(r.path("created").asBoolean()).isTrue();
        assertThat(r.path("session").path("key").asText()).isEqualTo("agent:main:telegram:dm:ws-9");
        JsonNode again = ws.result("sessions.resolve", Map.of("source",
                Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "ws-9")));
        assertThat(again.path("created").asBoolean()).isFalse();
        assertThat(again.path("session").path("id").asText()).isEqualTo(r.path("session").path("id").asText());
    }

    @Test
    void sessions_reset_starts_a_new_instance() {
        String old = api.post("/v1/sessions", Map.of("key", "ws-reset")).json().path("id").asText();
        JsonNode s = ws.result("sessions.reset", Map.of("key", "ws-reset", "reason", "manual"));
        assertThat(s.path("id").asText()).isNotEqualTo(old);
        assertThat(api.get("/v1/sessions/ws-reset/instances").json().path("items")).hasSize(2);
    }

    @Test
    void sessions_delete_archives_and_honours_if_match() {
        api.post("/v1/sessions", Map.of("key", "ws-delete"));
        JsonNode stale = ws.call("sessions.delete", Map.of("key", "ws-delete", "if_match", 99));
        assertThat(stale.path("error").path("status").asInt()).isEqualTo(412);
        JsonNode ok = ws.result("sessions.delete", Map.of("key", "ws-delete", "if_match", 1));
        assertThat(ok.path("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/sessions/ws-delete").status()).isEqualTo(404);
        assertThat(api.get("/v1/archive?key=ws-delete").json().path("items")).hasSize(1);
    }

    @Test
    void sessions_preview_serves_one_key_or_a_batch() {
        api.post("/v1/sessions", Map.of("key", "ws-preview"));
        api.post("/v1/sessions/ws-preview/messages", Map.of("role", "user", "content", "x".repeat(50)));
        JsonNode one = ws.result("sessions.preview", Map.of("key", "ws-preview", "max_chars", 10));
        assertThat(one.path("items").get(0).path("text").asText()).hasSizeLessThanOrEqualTo(11);
        JsonNode batch = ws.result("sessions.preview", Map.of("keys", List.of("ws-preview", "ws-nope")));
        assertThat(batch.path("previews")).hasSize(2);
        assertThat(batch.path("previews").get(1).path("status").asText()).isEqualTo("missing");
        JsonNode bad = ws.call("sessions.preview", Map.of("key", "ws-preview", "max_chars", 999999));
        assertThat(bad.path("error").path("status").asInt()).isEqualTo(422);
    }

    @Test
    void a_read_only_stream_token_cannot_reset_or_delete() {
        api.post("/v1/sessions", Map.of("key", "ws-ro"));
        String stream = api.post("/v1/stream-tokens", Map.of()).json().path("token").asText();
        try (WsClient ro = WsClient.connect(server.url(), null, stream)) {
            assertThat(ro.call("sessions.reset", Map.of("key", "ws-ro")).path("error").path("status").asInt()).isEqualTo(403);
            assertThat(ro.call("sessions.delete", Map.of("key", "ws-ro")).path("error").path("status").asInt()).isEqualTo(403);
        }
        assertThat(api.get("/v1/sessions/ws-ro").json().path("version").asLong()).isEqualTo(1);
    }
}
