package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.event.CloseReason;
import dev.switchboard.event.StreamRegistry;
import dev.switchboard.json.Json;
import dev.switchboard.limits.Limits;
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
    private final Limits limits;
    private final Map<String, WsConnection> open = new ConcurrentHashMap<>();

    /**
     * @param keepAlive ping interval, so idle connections survive proxies and Jetty's idle timeout
     * @param limits    every frame is a request to them (rate, size, JSON depth); a text frame larger than
     *                  limits.max_body_bytes closes the socket with 1009
     */
    public WsRoutes(Authentication authentication, Cors cors, WsMethods methods, StreamRegistry streams, Duration keepAlive,
                    Limits limits) {
        this.authentication = authentication;
        this.cors = cors;
        this.methods = methods;
        this.streams = streams;
        this.keepAlive = keepAlive;
        this.limits = limits;
    }

    @Override
    public void register(RoutesConfig r) {
        r.wsBeforeUpgrade("/v1/ws", this::beforeUpgrade);
        r.ws("/v1/ws", ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::message);
            ws.onBinaryMessage(ctx -> {
                WsConnection connection = connection(ctx);
                if (connection != null) reply(connection, null, Json.write(
                        error(null, new ProblemException(ProblemType.BAD_REQUEST, "frames are JSON text, not binary"))));
            });
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
     * Origin check, authentication and rate limit of the upgrade request. Javalin sends a refused upgrade's status but not its
     * body, so the problem is written to the servlet response here, then thrown to stop the upgrade.
     */
    private void beforeUpgrade(Context ctx) throws IOException {
        // Javalin read the (empty) session attributes of the upgrade, which created a servlet session: drop it.
        HttpSession session = ctx.req().getSession(false);
        if (session != null) session.invalidate();
        try {
            cors.checkUpgrade(ctx);
            authentication.handle(ctx);
            // The upgrade is a request like any other (HTTP before-handlers don't run on it).
            limits.checkRate(Requests.caller(ctx));
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
        ctx.session.setMaxTextMessageSize(limits.maxPayloadBytes());
        // Ping every keep_alive; a socket silent for two intervals (no pong either) is dead. Never below Jetty's
        // 30 s default, which is also how long a send to a client that stopped reading may block.
        ctx.session.setIdleTimeout(max(IDLE_TIMEOUT_FLOOR, keepAlive.multipliedBy(2)));
        ctx.enableAutomaticPings(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        open.put(ctx.sessionId(), connection);
        try {
            connection.replace(REGISTRATION, streams.register(connection.caller(), StreamRegistry.WS,
                    reason -> connection.close(closeCode(reason), reason.wire())));
        } catch (RuntimeException e) {
            // Too many streams (503), or the store failing: a close code and the problem's detail, which is written
            // for clients (an unexpected failure is logged and named only by its reference).
            ProblemException p = Problems.toProblem(e);
            connection.close(p.type() == ProblemType.INTERNAL ? StatusCode.SERVER_ERROR : StatusCode.TRY_AGAIN_LATER,
                    p.detail());
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

    /** The connection's state; null only for a frame racing the connection's close (nobody to answer). */
    private WsConnection connection(WsContext ctx) {
        return open.get(ctx.sessionId());
    }

    /**
     * One request frame: through the {@link Limits} like any REST request, then the method. Whatever fails — the
     * limits, the method, or writing its result as JSON — is answered as an error frame, never by closing the socket
     * with the failure's text as the close reason.
     */
    private void message(WsMessageContext ctx) {
        WsConnection connection = connection(ctx);
        if (connection == null) return;
        String text = ctx.message();
        JsonNode id = null;
        WsCall call;
        String reply;
        try {
            // Parsed (bounded by size and depth) before the rate check, so that even a 429 answers the frame's id.
            ObjectNode frame = envelope(text);
            id = idOf(frame);
            limits.checkRequest(connection.caller(), text.length());
            JsonNode method = frame.get("method");
            if (method == null || !method.isTextual()) throw ProblemException.validation("method", "is required (a string such as sessions.list)");
            limits.checkText(method); // it is echoed in the not-found detail
            JsonNode params = frame.get("params");
            if (params != null && !params.isNull() && !params.isObject()) throw ProblemException.validation("params", "must be an object");
            limits.checkText(params);
            WsMethod m = methods.find(method.asText()).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "no WebSocket method " + method.asText() + "; methods: " + String.join(", ", methods.names())));
            call = new WsCall(connection.caller(), params instanceof ObjectNode o ? o : Json.object(), connection);
            var ok = new LinkedHashMap<String, Object>();
            ok.put("id", id);
            ok.put("result", m.call(call));
            reply = Json.write(ok);
        } catch (RefusedFrame r) {
            reply(connection, null, Json.write(error(r.id, r.problem)));
            return;
        } catch (Exception e) {
            reply(connection, null, Json.write(error(id, Problems.toProblem(e))));
            return;
        }
        if (reply(connection, id, reply)) call.afterReplyHooks().forEach(Runnable::run);
    }

    /** The frame's id, echoed in the reply; one the reply could not carry unaltered is answered as {@code null}. */
    private JsonNode idOf(ObjectNode frame) {
        JsonNode id = frame.get("id");
        try {
            limits.checkText(id);
            return id;
        } catch (ProblemException unstorable) {
            return null;
        }
    }

    /** The frame as an object; refused as a whole (malformed, too deep), it is answered to its id if that was readable. */
    private ObjectNode envelope(String text) {
        JsonNode parsed;
        try {
            parsed = limits.readEnvelope(text);
        } catch (ProblemException refused) {
            throw new RefusedFrame(limits.envelopeId(text), refused);
        }
        if (parsed instanceof ObjectNode frame) return frame;
        throw new ProblemException(ProblemType.BAD_REQUEST, "a frame is a JSON object {\"id\", \"method\", \"params\"}");
    }

    /** A frame refused before its id was known; carries the id read from its beginning, if any. */
    private static final class RefusedFrame extends RuntimeException {
        private final JsonNode id;
        private final ProblemException problem;

        RefusedFrame(JsonNode id, ProblemException problem) {
            super(null, null, false, false);
            this.id = id;
            this.problem = problem;
        }
    }

    private static Map<String, Object> error(JsonNode id, ProblemException p) {
        var frame = new LinkedHashMap<String, Object>();
        frame.put("id", id);
        frame.put("error", Problems.body(p.type(), p.detail(), "/v1/ws", p.errors()));
        return frame;
    }

    /** Sends a reply; false when the connection is gone (nothing else to do: the client left). */
    private static boolean reply(WsConnection connection, JsonNode id, String frame) {
        try {
            connection.sendText(frame);
            return true;
        } catch (IOException e) {
            log.debug("WebSocket {}: reply to {} not sent: {}", connection.id(), id, e.toString());
            return false;
        }
    }
}
