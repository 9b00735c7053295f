package dev.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
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
    void metrics_count_tool_calls_by_tool_and_outcome() {
        mcp.call("get_session", Map.of("key", "mcp-metrics-missing"));
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).containsPattern(
                "switchboard_mcp_tool_calls_seconds_count\\{outcome=\"not-found\",tool=\"get_session\"} [1-9]");
        assertThat(metrics).contains("switchboard_mcp_tool_calls_seconds{outcome=\"not-found\",tool=\"get_session\",quantile=\"0.99\"}");
    }
}
