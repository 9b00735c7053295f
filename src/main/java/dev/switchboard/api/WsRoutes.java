package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.event.CloseReason;
import dev.switchboard.event.StreamRegistry;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Problems;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsCall;
import dev.switchboard.web.WsConnection;
import dev.switchboard.web.WsMethod;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/ws}: JSON-RPC-style frames over a WebSocket (API.md "Events"). A request
 * {@code {"id", "method", "params"}} is answered by {@code {"id", "result"}} or {@code {"id", "error": problem}};
 * events of a subscription are pushed as {@code {"event", "seq", "data"}}.
 *
 * <p>The upgrade request is authenticated by the same {@link Authentication} as REST (header, or a stream token
 * in {@code ?access_token=}), in {@code wsBeforeUpgrade}: Javalin 7 does not run HTTP before-handlers on
 * WebSocket upgrades, and failing there answers 401 instead of accepting a socket only to close it.
 *
 * <p>Frames of one connection are handled one at a time, in order (Jetty delivers the next after the handler
 * returns), each on a virtual thread. Methods come from the features' {@link Routes#rpc}; a method's failure is
 * mapped to a problem by {@link Problems#toProblem}, the same mapping REST uses.
 */
public final class WsRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(WsRoutes.class);
    private static final String REGISTRATION = "stream-registration";
    private static final Duration IDLE_TIMEOUT_FLOOR = Duration.ofSeconds(30);

    private final Authentication authentication;
    private final Cors cors;
    private final WsMethods methods;
    private final StreamRegistry streams;
    private final Duration keepAlive;
    private final long maxFrameBytes;
    private final Map<String, WsConnection> open = new ConcurrentHashMap<>();

    /**
     * @param keepAlive     ping interval, so idle connections survive proxies and Jetty's idle timeout
     * @param maxFrameBytes largest text frame accepted (limits.max_body_bytes); larger ones close the socket with 1009
     */
    public WsRoutes(Authentication authentication, Cors cors, WsMethods methods, StreamRegistry streams, Duration keepAlive,
                    long maxFrameBytes) {
        this.authentication = authentication;
        this.cors = cors;
        this.methods = methods;
        this.streams = streams;
        this.keepAlive = keepAlive;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void register(RoutesConfig r) {
        r.wsBeforeUpgrade("/v1/ws", this::beforeUpgrade);
        r.ws("/v1/ws", ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::message);
            ws.onBinaryMessage(ctx -> reply(connection(ctx), null,
                    error(null, new ProblemException(ProblemType.BAD_REQUEST, "frames are JSON text, not binary"))));
            ws.onClose(this::closed);
            ws.onError(ctx -> log.debug("WebSocket {} failed: {}", ctx.sessionId(), String.valueOf(ctx.error())));
        });
        // The same path without an Upgrade header: say what it is instead of a bare 404.
        r.get("/v1/ws", ctx -> {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "/v1/ws is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)");
        });
    }

    @Override
    public String openApi() {
        return "/openapi/ws.json";
    }

    /**
     * Origin check and authentication of the upgrade request. Javalin sends a refused upgrade's status but not its
     * body, so the problem is written to the servlet response here, then thrown to stop the upgrade.
     */
    private void beforeUpgrade(Context ctx) throws IOException {
        // Javalin read the (empty) session attributes of the upgrade, which created a servlet session: drop it.
        HttpSession session = ctx.req().getSession(false);
        if (session != null) session.invalidate();
        try {
            cors.checkUpgrade(ctx);
            authentication.handle(ctx);
        } catch (ProblemException p) {
            var res = ctx.res();
            res.setStatus(p.type().status());
            if (p.type() == ProblemType.UNAUTHORIZED) res.setHeader("WWW-Authenticate", "Bearer");
            res.setContentType(Problems.CONTENT_TYPE);
            res.getOutputStream().write(Json.write(Problems.body(p.type(), p.detail(), ctx.path(), p.errors()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            res.flushBuffer();
            throw p;
        }
    }

    private void connected(WsConnectContext ctx) {
        var connection = new WsConnection(ctx, Requests.caller(ctx));
        ctx.session.setMaxTextMessageSize(maxFrameBytes);
        // Ping every keep_alive; a socket silent for two intervals (no pong either) is dead. Never below Jetty's
        // 30 s default, which is also how long a send to a client that stopped reading may block.
        ctx.session.setIdleTimeout(max(IDLE_TIMEOUT_FLOOR, keepAlive.multipliedBy(2)));
        ctx.enableAutomaticPings(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        open.put(ctx.sessionId(), connection);
        try {
            connection.replace(REGISTRATION, streams.register(connection.caller(), StreamRegistry.WS,
                    reason -> connection.close(closeCode(reason), reason.wire())));
        } catch (ProblemException full) {
            connection.close(StatusCode.TRY_AGAIN_LATER, full.detail());
            return;
        }
        // onClose may have run before the registration was in its slot: then nothing else would close it.
        if (!ctx.session.isOpen()) connection.replace(REGISTRATION, null);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static int closeCode(CloseReason reason) {
        return reason == CloseReason.SHUTDOWN ? StatusCode.SHUTDOWN : StatusCode.POLICY_VIOLATION;
    }

    private void closed(WsCloseContext ctx) {
        WsConnection connection = open.remove(ctx.sessionId());
        if (connection != null) connection.closeSlots();
    }

    private WsConnection connection(WsContext ctx) {
        WsConnection c = open.get(ctx.sessionId());
        if (c == null) throw new IllegalStateException("WebSocket " + ctx.sessionId() + " has no connection state");
        return c;
    }

    private void message(WsMessageContext ctx) {
        WsConnection connection = connection(ctx);
        JsonNode id = null;
        WsCall call;
        Object result;
        try {
            ObjectNode frame = parse(ctx.message());
            id = frame.get("id");
            JsonNode method = frame.get("method");
            if (method == null || !method.isTextual()) throw ProblemException.validation("method", "is required (a string such as sessions.list)");
            JsonNode params = frame.get("params");
            if (params != null && !params.isNull() && !params.isObject()) throw ProblemException.validation("params", "must be an object");
            WsMethod m = methods.find(method.asText()).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "no WebSocket method " + method.asText() + "; methods: " + String.join(", ", methods.names())));
            call = new WsCall(connection.caller(), params instanceof ObjectNode o ? o : Json.object(), connection);
            result = m.call(call);
        } catch (Exception e) {
            reply(connection, null, error(id, Problems.toProblem(e)));
            return;
        }
        var ok = new LinkedHashMap<String, Object>();
        ok.put("id", id);
        ok.put("result", result);
        if (reply(connection, id, ok)) call.afterReplyHooks().forEach(Runnable::run);
    }

    private static ObjectNode parse(String text) {
        try {
            if (Json.MAPPER.readTree(text) instanceof ObjectNode frame) return frame;
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "frame is not valid JSON");
        }
        throw new ProblemException(ProblemType.BAD_REQUEST, "a frame is a JSON object {\"id\", \"method\", \"params\"}");
    }

    private static Map<String, Object> error(JsonNode id, ProblemException p) {
        var frame = new LinkedHashMap<String, Object>();
        frame.put("id", id);
        frame.put("error", Problems.body(p.type(), p.detail(), "/v1/ws", p.errors()));
        return frame;
    }

    /** Sends a reply; false when the connection is gone (nothing else to do: the client left). */
    private static boolean reply(WsConnection connection, JsonNode id, Map<String, Object> frame) {
        try {
            connection.send(frame);
            return true;
        } catch (IOException e) {
            log.debug("WebSocket {}: reply to {} not sent: {}", connection.id(), id, e.toString());
            return false;
        }
    }
}
