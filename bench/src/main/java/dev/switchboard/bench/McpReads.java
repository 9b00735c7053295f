package dev.switchboard.bench;

import java.net.http.HttpResponse;

/**
 * MCP tool calls over Streamable HTTP ({@code POST /mcp}) as plain JSON-RPC, so the figure is the server's cost (no
 * client SDK in the loop): one MCP session is initialized, then every simulated client sends {@code tools/call}
 * requests on it. The SDK's transport answers a request with a one-event SSE stream; the whole body is read.
 */
final class McpReads {
    private static final String ACCEPT = "application/json, text/event-stream";

    private final Api api;
    private final String session;

    private McpReads(Api api, String session) {
        this.api = api;
        this.session = session;
    }

    /** Initializes an MCP session (initialize, then notifications/initialized). */
    static McpReads open(Api api) {
        String init = """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
                "capabilities":{},"clientInfo":{"name":"switchboard-bench","version":"1"}}}""";
        HttpResponse<String> r = Api.expect(api.send(0, api.request("/mcp").header("Accept", ACCEPT)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(init)).build()), 200);
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new IllegalStateException("no MCP session id"));
        var reads = new McpReads(api, session);
        Api.expect(reads.post(0, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), 202);
        return reads;
    }

    /** Calls {@code tool} with {@code argumentsJson}; true when it answered a successful result. */
    boolean call(int client, long id, String tool, String argumentsJson) {
        // Request ids are unique in the session (the SDK keys a request's response stream by its id).
        long rpcId = (client + 1L) * 1_000_000_000L + id;
        HttpResponse<String> r = post(client, "{\"jsonrpc\":\"2.0\",\"id\":" + rpcId + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}");
        return r.statusCode() == 200 && r.body().contains("\"isError\":false");
    }

    private HttpResponse<String> post(int client, String json) {
        return api.send(client, api.request("/mcp").header("Accept", ACCEPT).header("Content-Type", "application/json")
                .header("Mcp-Session-Id", session).POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
