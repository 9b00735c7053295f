package dev.switchboard.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.FieldError;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.QuietException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become RFC 9457 {@code application/problem+json}. Unexpected failures
 * are logged with an id that is also put in the response, and nothing else about them (no stack
 * trace, no SQL) reaches the client.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    public static ObjectNode body(ProblemType type, String detail, String instance, List<FieldError> errors) {
        ObjectNode p = Json.object();
        p.put("type", type.uri());
        p.put("title", type.title());
        p.put("status", type.status());
        p.put("detail", detail);
        if (instance != null) p.put("instance", instance);
        if (!errors.isEmpty()) {
            ArrayNode arr = p.putArray("errors");
            for (FieldError e : errors) arr.addObject().put("field", e.field()).put("message", e.message());
        }
        return p;
    }

    public static void write(Context ctx, ProblemType type, String detail, List<FieldError> errors) {
        if (type == ProblemType.PAYLOAD_TOO_LARGE) discardRest(ctx);
        ctx.status(type.status());
        if (type == ProblemType.UNAUTHORIZED) ctx.header("WWW-Authenticate", "Bearer");
        if (type == ProblemType.UNAVAILABLE || type == ProblemType.RATE_LIMITED) ctx.header("Retry-After", "1");
        if (type == ProblemType.INSUFFICIENT_STORAGE) ctx.header("Retry-After", "30");
        ctx.contentType(CONTENT_TYPE).result(Json.write(body(type, detail, ctx.path(), errors)));
    }

    /** Maps any throwable to its problem, for transports that render problems themselves (WebSocket, MCP). */
    public static ProblemException toProblem(Throwable t) {
        return switch (t) {
            case ProblemException p -> p;
            case StoreException s when s.kind() == StoreException.Kind.UNAVAILABLE ->
                    new ProblemException(ProblemType.UNAVAILABLE, s.getMessage() + "; retry shortly");
            case StoreException s when s.kind() == StoreException.Kind.UNCONFIRMED ->
                    new ProblemException(ProblemType.UNAVAILABLE, s.getMessage() + "; retry with the same Idempotency-Key");
            case StoreException s when s.kind() == StoreException.Kind.STORAGE_FULL ->
                    new ProblemException(ProblemType.INSUFFICIENT_STORAGE, s.getMessage());
            case StoreException s -> {
                // Store messages are written for clients (no SQL, no driver text); the cause goes to the log.
                String id = UUID.randomUUID().toString();
                log.error("store failure {}", id, s);
                yield new ProblemException(ProblemType.INTERNAL, s.getMessage() + "; reference " + id);
            }
            case HttpResponseException h -> new ProblemException(fromStatus(h.getStatus()), h.getMessage());
            case Throwable c when clientFault(c) -> {
                // The client's doing (it broke the body's framing, or went away mid-request): not a server error.
                log.debug("request failed on the client's side: {}", String.valueOf(c));
                ProblemType type = fromStatus(clientStatus(c));
                yield new ProblemException(type, type == ProblemType.BAD_REQUEST
                        ? "the request could not be read: its body was malformed or the connection ended early"
                        : type.title());
            }
            default -> {
                String id = UUID.randomUUID().toString();
                log.error("internal error {}", id, t);
                yield new ProblemException(ProblemType.INTERNAL, "internal error; reference " + id);
            }
        };
    }

    /**
     * Whether a failure is the client's: Jetty marks the exceptions of a malformed request (bad chunk framing, an
     * invalid header) and of a connection the peer closed ({@code EofException}) as {@link QuietException}.
     */
    private static boolean clientFault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof QuietException || c instanceof java.io.EOFException) return true;
            if (c.getCause() == c) break;
        }
        return false;
    }

    /** The 4xx status Jetty attached to a client fault (e.g. 413 for an oversized chunk), else 400. */
    private static int clientStatus(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) return h.getCode();
        }
        return 400;
    }

    public static ProblemType fromStatus(int status) {
        return switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 409 -> ProblemType.CONFLICT;
            case 412 -> ProblemType.PRECONDITION_FAILED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemType.URI_TOO_LONG;
            case 422 -> ProblemType.VALIDATION;
            case 429 -> ProblemType.RATE_LIMITED;
            case 431 -> ProblemType.HEADERS_TOO_LARGE;
            case 503 -> ProblemType.UNAVAILABLE;
            case 505 -> ProblemType.VERSION_NOT_SUPPORTED;
            case 507 -> ProblemType.INSUFFICIENT_STORAGE;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.BAD_REQUEST;
        };
    }

    /** Registers the exception and error-status mappings on a Javalin app. */
    public static void register(RoutesConfig routes) {
        routes.exception(Exception.class, (e, ctx) -> {
            ProblemException p = toProblem(e);
            write(ctx, p.type(), p.detail(), p.errors());
        });
        // Javalin's own HttpResponseExceptions (e.g. the body limit in ctx.bodyAsBytes()) have a built-in
        // plain-text mapper that wins over the Exception handler unless this more specific one is registered.
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            ProblemType type = fromStatus(e.getStatus());
            String detail = type == ProblemType.PAYLOAD_TOO_LARGE
                    ? "request body exceeds limits.max_body_bytes" : e.getMessage();
            write(ctx, type, detail, List.of());
        });
        routes.error(404, ctx -> {
            if (!alreadyProblem(ctx)) write(ctx, ProblemType.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
        });
        routes.error(405, ctx -> {
            if (!alreadyProblem(ctx)) write(ctx, ProblemType.METHOD_NOT_ALLOWED, ctx.method() + " is not supported on " + ctx.path(), List.of());
        });
    }

    /**
     * How much of a refused body is read and thrown away so the client, still uploading, gets to read
     * the 413: closing a socket with unread data makes the kernel send RST, and most clients then report
     * "connection reset" instead of the answer. Beyond this the connection is just closed.
     */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    /** Reads and discards what is left of a refused request body (up to {@link #DRAIN_LIMIT}); see there why. */
    private static void discardRest(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_LIMIT) return;
        try {
            var in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            for (int n; read < DRAIN_LIMIT && (n = in.read(buffer)) > 0; ) read += n;
        } catch (java.io.IOException | IllegalStateException e) {
            // the client went away or the stream is already consumed: nothing left to protect
        }
    }

    private static boolean alreadyProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(CONTENT_TYPE);
    }
}
