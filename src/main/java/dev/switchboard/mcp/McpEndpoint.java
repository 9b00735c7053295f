package dev.switchboard.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.Authentication;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.StreamRegistry;
import dev.switchboard.limits.Limits;
import dev.switchboard.mcp.tools.Tools;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The MCP server over Streamable HTTP, built on the official MCP Java SDK: its servlet transport (mounted at
 * {@link #PATH} by {@code api.HttpApi}) and its session protocol, with this package's handlers ({@link McpProtocol}).
 * {@code switchboard mcp} (stdio) is a client of this endpoint, not a second server.
 */
public final class McpEndpoint {
    public static final String PATH = "/mcp";
    /** How long the SDK waits for a client's answer to a server-to-client request (pings). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private McpEndpoint() {}

    /** The servlet that serves {@link #PATH}. */
    public static HttpServlet servlet(SwitchboardConfig config, Tools.Services services, Authentication authentication,
                                      Limits limits, StreamRegistry streams, MeterRegistry metrics) {
        return new McpServlet(authentication, () -> parts(config, services, limits, streams, metrics));
    }

    private static McpServlet.Parts parts(SwitchboardConfig config, Tools.Services services, Limits limits,
                                          StreamRegistry streams, MeterRegistry metrics) {
        // The SDK's Jackson 2 binding on a mapper of its own (its records carry their own JSON names; the shared
        // mapper's snake_case naming is not theirs). Jackson 2, so ToolCalls can hand it pre-rendered JSON.
        var json = new JacksonMcpJsonMapper(new ObjectMapper());
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(PATH)
                // McpServlet authenticated the request: its Caller travels to the handlers in the transport context.
                .contextExtractor(req -> McpTransportContext.create(Map.of(McpProtocol.CALLER, req.getAttribute(McpProtocol.CALLER))))
                .maxRequestSize((int) Math.min(Integer.MAX_VALUE, config.limits().maxBodyBytes()))
                // A ping on the listening stream as often as SSE sends its keep-alive comment, so proxies keep it open.
                .keepAliveInterval(config.events().keepAlive())
                .build();
        int maxChars = config.mcp().maxOutputChars();
        var tools = new ToolCalls(Tools.all(services),
                new CallLimits(limits), new OutputBound(maxChars), new McpMetrics(metrics));
        var resources = new SessionResources(services.sessions(), services.transcripts(), maxChars);
        var subscriptions = new ResourceSubscriptions(services.events(), streams,
                (session, uri, wait) -> transport.notifyClient(session, McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
                        new McpSchema.ResourcesUpdatedNotification(uri)).block(wait),
                config.events().keepAlive());
        var sessions = new McpSessions(subscriptions);
        var protocol = new McpProtocol(json, tools, resources, subscriptions, transport.protocolVersions());
        transport.setSessionFactory(new DefaultMcpStreamableServerSessionFactory(REQUEST_TIMEOUT, protocol::initialize,
                protocol.requests(), protocol.notifications(), id -> Mono.fromRunnable(() -> sessions.ended(id))));
        return new McpServlet.Parts(transport, sessions);
    }
}
