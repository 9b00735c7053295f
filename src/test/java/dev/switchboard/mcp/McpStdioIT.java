package dev.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.ServerProcess;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP server over stdio: the Java SDK's stdio client spawns {@code ./switchboard mcp --url …} (the packaged jar,
 * through the launcher, as the README's client configuration does), which relays to the running server's {@code /mcp}.
 * The token comes from {@code SWITCHBOARD_TOKEN}, as a client's {@code env} entry would set it.
 */
@EachStore
class McpStdioIT extends McpToolsContract {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static McpClients.Connected mcp;

    static McpClients.Connected spawn(String token) {
        var params = ServerParameters.builder(ServerProcess.launcher().toString())
                .args(List.of("mcp", "--url", server.url()))
                .env(Map.of("SWITCHBOARD_TOKEN", token))
                .build();
        return McpClients.connect(new StdioClientTransport(params, McpJsonDefaults.getMapper()));
    }

    @BeforeEachStore
    static void connect() {
        mcp = spawn(server.adminToken());
    }

    @AfterEachStore
    static void disconnect() {
        mcp.close();
    }

    @Override ServerExtension server() { return server; }

    @Override McpClients.Connected mcp() { return mcp; }

    @Test
    void a_bad_token_fails_initialize_with_the_servers_problem() {
        assertThatThrownBy(() -> spawn("not-a-token").close())
                .hasStackTraceContaining("unauthorized: token is unknown, expired or revoked");
    }

    @Test
    void the_relay_forwards_what_the_server_says_about_itself() {
        assertThat(mcp.client().getServerInfo().name()).isEqualTo("switchboard");
        assertThat(mcp.client().ping()).isNotNull();
    }
}
