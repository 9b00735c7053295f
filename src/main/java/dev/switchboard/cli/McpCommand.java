package dev.switchboard.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code switchboard mcp}: the MCP server over stdio, for MCP clients that spawn their servers as processes. It is a
 * relay, not a second server: every JSON-RPC message read from stdin is sent to a running server's {@code /mcp}
 * (Streamable HTTP) with the token, and everything the server answers or pushes is written to stdout, one message
 * per line. Diagnostics go to stderr; stdout carries the protocol only.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve MCP over stdio by relaying to a running server's /mcp (Streamable HTTP).",
                "Configure an MCP client to run: switchboard mcp --url http://127.0.0.1:7700 --token <token>"})
public final class McpCommand implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        var out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        var relay = new McpRelay(URI.create(client.baseUrl() + "/mcp"), client.resolveToken().secret(), out, System.err);
        relay.run(System.in);
        return 0;
    }
}
