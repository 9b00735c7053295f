package dev.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MCP server over Streamable HTTP ({@code /mcp}), driven by the official Java SDK's client against the real server. */
@EachStore
class McpHttpTest extends McpToolsContract {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static McpClients.Connected mcp;

    @BeforeEachStore
    static void connect() {
        mcp = McpClients.http(server.url(), server.adminToken());
    }

    @AfterEachStore
    static void disconnect() {
        mcp.close();
    }

    @Override ServerExtension server() { return server; }

    @Override McpClients.Connected mcp() { return mcp; }

    @Test
    void a_request_without_a_valid_token_is_a_401_problem_with_www_authenticate() {
        Response none = server.anonymous().post("/mcp", Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.problem()).isEqualTo("unauthorized");
        Response bad = server.admin().as("not-a-token").post("/mcp", Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"));
        assertThat(bad.status()).isEqualTo(401);
    }

    @Test
    void an_mcp_session_answers_only_the_token_that_opened_it() {
        var init = Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion", "2025-06-18",
                "capabilities", Map.of(), "clientInfo", Map.of("name", "raw", "version", "1")));
        String accept = "application/json, text/event-stream";
        Response opened = server.admin().post("/mcp", init, "Accept", accept);
        String session = opened.header("Mcp-Session-Id");
        assertThat(session).isNotBlank();
        String other = server.token("other", List.of("sessions:read"), Map.of());
        var ping = Map.of("jsonrpc", "2.0", "id", 2, "method", "ping");
        Response stranger = server.admin().as(other).post("/mcp", ping, "Accept", accept, "Mcp-Session-Id", session);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.problem()).isEqualTo("not-found");
        Response owner = server.admin().post("/mcp", ping, "Accept", accept, "Mcp-Session-Id", session);
        assertThat(owner.status()).isEqualTo(200);
    }

    @Test
    void revoking_the_token_ends_its_subscriptions() {
        var created = server.admin().post("/v1/tokens", Map.of("name", "subscriber",
                "scopes", List.of("sessions:read", "transcripts:read"))).json();
        String token = created.path("token").asText();
        String id = created.path("id").asText();
        server.admin().post("/v1/sessions", Map.of("key", "mcp-revoked"));
        try (var client = McpClients.http(server.url(), token)) {
            client.client().subscribeResource(new McpSchema.SubscribeRequest("switchboard://sessions/mcp-revoked/transcript"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.anonymous().get("/metrics").body())
                    .containsPattern("switchboard_streams_open\\{transport=\"mcp\"} [1-9]"));
            assertThat(server.admin().delete("/v1/tokens/" + id).status()).isIn(200, 204);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.anonymous().get("/metrics").body())
                    .contains("switchboard_streams_open{transport=\"mcp\"} 0.0"));
        }
    }

    @Test
    void metrics_count_tool_calls_by_tool_and_outcome() {
        mcp.call("get_session", Map.of("key", "mcp-metrics-missing"));
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).containsPattern(
                "switchboard_mcp_tool_calls_seconds_count\\{outcome=\"not-found\",tool=\"get_session\"} [1-9]");
        assertThat(metrics).contains("switchboard_mcp_tool_calls_seconds{outcome=\"not-found\",tool=\"get_session\",quantile=\"0.99\"}");
    }
}
