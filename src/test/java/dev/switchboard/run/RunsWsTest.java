package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code runs.send}, {@code runs.steer} and {@code runs.abort} over {@code /v1/ws}, on the same service as REST. */
@EachStore
class RunsWsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static WsClient ws;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        assertThat(api.put("/v1/agents/slow-ws", Map.of("adapter", "echo", "delay_ms", 200)).status()).isIn(200, 201);
        ws = WsClient.connect(server.url(), server.adminToken(), null);
    }

    @AfterEachStore
    static void stop() {
        ws.close();
    }

    static String status(String runId) {
        return api.get("/v1/runs/" + runId).json().path("status").asText();
    }

    @Test
    void runs_send_starts_a_run_that_echoes_the_input() {
        api.post("/v1/sessions", Map.of("key", "ws-run"));
        JsonNode run = ws.result("runs.send", Map.of("key", "ws-run", "agent", "echo",
                "input", Map.of("role", "user", "content", "ping over ws")));
        String id = run.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("succeeded"));
        var texts = api.get("/v1/sessions/ws-run/messages").json().path("items").findValuesAsText("content");
        assertThat(texts).contains("ping over ws");
        assertThat(String.join(" ", texts)).contains("ping over ws");
    }

    @Test
    void runs_steer_interrupts_the_active_run_and_runs_abort_is_idempotent() {
        api.post("/v1/sessions", Map.of("key", "ws-steer"));
        JsonNode first = ws.result("runs.send", Map.of("key", "ws-steer", "agent", "slow-ws",
                "input", Map.of("role", "user", "content", "one two three four five six seven eight nine ten")));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first.path("id").asText()).equals("running"));
        JsonNode second = ws.result("runs.steer", Map.of("key", "ws-steer", "agent", "slow-ws",
                "input", Map.of("role", "user", "content", "actually stop")));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first.path("id").asText()).equals("aborted"));

        JsonNode aborted = ws.result("runs.abort", Map.of("id", second.path("id").asText(), "reason", "enough"));
        JsonNode again = ws.result("runs.abort", Map.of("id", second.path("id").asText()));
        assertThat(again.path("id").asText()).isEqualTo(aborted.path("id").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> status(second.path("id").asText()).equals("aborted"));
    }

    @Test
    void runs_abort_without_an_id_is_a_validation_error_frame() {
        JsonNode reply = ws.call("runs.abort", Map.of());
        assertThat(reply.path("error").path("status").asInt()).isEqualTo(422);
    }

    @Test
    void a_stream_token_cannot_send_runs() {
        api.post("/v1/sessions", Map.of("key", "ws-run-ro"));
        String stream = api.post("/v1/stream-tokens", Map.of()).json().path("token").asText();
        try (WsClient ro = WsClient.connect(server.url(), null, stream)) {
            JsonNode reply = ro.call("runs.send", Map.of("key", "ws-run-ro", "input", "hi"));
            assertThat(reply.path("error").path("type").asText()).endsWith("forbidden");
        }
        assertThat(api.get("/v1/sessions/ws-run-ro/runs").json().path("items")).isEmpty();
    }
}
