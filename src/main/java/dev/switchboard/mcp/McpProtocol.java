package dev.switchboard.mcp;

import dev.switchboard.auth.Caller;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;

/**
 * The MCP methods this server answers, as handlers for the SDK's session: {@code initialize}, {@code ping},
 * {@code tools/list|call}, {@code resources/list|templates/list|read|subscribe|unsubscribe}. They are registered
 * with the SDK's streamable session factory directly rather than through its {@code McpServer} builder, because that
 * builder's resource handlers list one fixed set of resources for everybody and keep subscriptions to themselves;
 * here resources are listed per caller and each subscription follows the event log with the caller's token.
 *
 * <p>Handlers run on the request's (virtual) thread: the SDK's servlet blocks on them, and each calls blocking services.
 */
final class McpProtocol {
    static final String CALLER = "switchboard.caller";
    private static final McpSchema.Implementation SERVER = new McpSchema.Implementation("switchboard", "Switchboard", "0.1.0");
    private static final String INSTRUCTIONS = """
            Switchboard keeps the sessions and transcripts of AI agents. Use list_sessions and search_transcripts to \
            find work, read_transcript to read it, append_message to record into a session, send_message to hand a \
            message to the agent of a session (wait_seconds waits for its answer), and post_directive / \
            list_directives / ack_directive to pass instructions between agents. Failed calls explain themselves: \
            the text starts with a problem slug such as not-found or validation, then what to fix.""";

    private final McpJsonMapper json;
    private final ToolCalls tools;
    private final SessionResources resources;
    private final ResourceSubscriptions subscriptions;
    private final List<String> protocolVersions;

    McpProtocol(McpJsonMapper json, ToolCalls tools, SessionResources resources, ResourceSubscriptions subscriptions,
                List<String> protocolVersions) {
        this.json = json;
        this.tools = tools;
        this.resources = resources;
        this.subscriptions = subscriptions;
        this.protocolVersions = protocolVersions;
    }

    /** The newest version both sides speak: the client's when this server knows it, else this server's newest. */
    Mono<McpSchema.InitializeResult> initialize(McpSchema.InitializeRequest request) {
        String version = protocolVersions.contains(request.protocolVersion()) ? request.protocolVersion()
                : protocolVersions.getLast();
        var capabilities = McpSchema.ServerCapabilities.builder().tools(false).resources(true, false).build();
        return Mono.just(new McpSchema.InitializeResult(version, capabilities, SERVER, INSTRUCTIONS));
    }

    Map<String, McpRequestHandler<?>> requests() {
        return Map.of(
                McpSchema.METHOD_PING, (exchange, params) -> Mono.just(Map.of()),
                McpSchema.METHOD_TOOLS_LIST, handler(params -> new McpSchema.ListToolsResult(tools.list(), null)),
                McpSchema.METHOD_TOOLS_CALL, (exchange, params) -> run(() ->
                        tools.call(caller(exchange), read(params, new TypeRef<McpSchema.CallToolRequest>() {}))),
                McpSchema.METHOD_RESOURCES_LIST, (exchange, params) -> run(() -> resources.list(caller(exchange),
                        params == null ? null : read(params, new TypeRef<McpSchema.PaginatedRequest>() {}).cursor())),
                McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, handler(params ->
                        McpSchema.ListResourceTemplatesResult.builder(resources.templates()).build()),
                McpSchema.METHOD_RESOURCES_READ, (exchange, params) -> run(() -> resources.read(caller(exchange),
                        read(params, new TypeRef<McpSchema.ReadResourceRequest>() {}).uri())),
                McpSchema.METHOD_RESOURCES_SUBSCRIBE, (exchange, params) -> run(() ->
                        subscribe(exchange, read(params, new TypeRef<McpSchema.SubscribeRequest>() {}).uri())),
                McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, (exchange, params) -> run(() -> {
                    subscriptions.unsubscribe(exchange.sessionId(),
                            read(params, new TypeRef<McpSchema.UnsubscribeRequest>() {}).uri());
                    return Map.of();
                }));
    }

    Map<String, McpNotificationHandler> notifications() {
        McpNotificationHandler ignore = (exchange, params) -> Mono.empty();
        return Map.of(McpSchema.METHOD_NOTIFICATION_INITIALIZED, ignore,
                McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED, ignore);
    }

    /** Subscribing needs what reading needs: the read is the check (not-found, forbidden), then the stream opens. */
    private Object subscribe(McpAsyncServerExchange exchange, String uri) {
        Caller caller = caller(exchange);
        resources.read(caller, uri);
        var target = SessionUris.parse(uri).orElseThrow();
        SessionResources.protocol(() -> {
            subscriptions.subscribe(exchange.sessionId(), caller, target);
            return null;
        }, uri);
        return Map.of();
    }

    private <T> T read(Object params, TypeRef<T> type) {
        if (params == null) throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("params are required").build();
        try {
            return json.convertValue(params, type);
        } catch (IllegalArgumentException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("params do not have the method's shape").build();
        }
    }

    private static Caller caller(McpAsyncServerExchange exchange) {
        Object c = exchange.transportContext().get(CALLER);
        if (c instanceof Caller caller) return caller;
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("unauthenticated").build();
    }

    private static <T> McpRequestHandler<T> handler(java.util.function.Function<Object, T> f) {
        return (exchange, params) -> run(() -> f.apply(params));
    }

    private static <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(work);
    }
}
