package dev.switchboard.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Real MCP clients (the official Java SDK's) for the tests, and small helpers to call tools with them. */
final class McpClients {
    private McpClients() {}

    /** A connected, initialized client of {@code url}/mcp over Streamable HTTP with a bearer token. */
    static Connected http(String url, String token) {
        var transport = HttpClientStreamableHttpTransport.builder(url)
                .endpoint("/mcp")
                .httpRequestCustomizer((b, method, uri, body, context) -> b.header("Authorization", "Bearer " + token))
                .build();
        return connect(transport);
    }

    static Connected connect(McpClientTransport transport) {
        var updates = new LinkedBlockingQueue<List<McpSchema.ResourceContents>>();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("switchboard-tests", "1.0"))
                .resourcesUpdateConsumer(updates::add)
                .build();
        client.initialize();
        return new Connected(client, updates);
    }

    /** A client and the resource updates it received (the SDK re-reads an updated resource and hands over its contents). */
    record Connected(McpSyncClient client, BlockingQueue<List<McpSchema.ResourceContents>> updates) implements AutoCloseable {
        McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
            return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> ok(String tool, Map<String, Object> arguments) {
            var r = call(tool, arguments);
            if (Boolean.TRUE.equals(r.isError())) throw new AssertionError(tool + " failed: " + text(r));
            return (Map<String, Object>) r.structuredContent();
        }

        String error(String tool, Map<String, Object> arguments) {
            var r = call(tool, arguments);
            if (!Boolean.TRUE.equals(r.isError())) throw new AssertionError(tool + " should have failed: " + text(r));
            return text(r);
        }

        @Override
        public void close() {
            client.closeGracefully();
        }
    }

    static String text(McpSchema.CallToolResult r) {
        return r.content().stream().map(c -> c instanceof McpSchema.TextContent t ? t.text() : c.toString())
                .reduce("", (a, b) -> a + b);
    }
}
