package dev.switchboard.api;

import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Problems;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers, as problem+json: what Jetty refuses before Javalin sees a request (an ambiguous or
 * badly encoded URI, a URI or header block over the limit, an unknown HTTP version, a malformed body framing) would
 * otherwise be an HTML page or a bare status. Set on the server and on the servlet context, so both layers render
 * the same body. The detail is Jetty's reason phrase for client errors (it never carries an exception or a stack);
 * server errors get a fixed text.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /** The longest request path echoed as {@code instance}; a 414's path is the problem itself. */
    private static final int MAX_INSTANCE = 256;
    /** The placeholder path Jetty gives a request it could not parse at all: not the client's path. */
    private static final String UNPARSED = "/badMessage";

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    /** Every method gets a body (Jetty's default leaves PATCH, PUT and DELETE errors empty). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** A status with no problem type of its own is answered as the general one of its class (400 or 500). */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ProblemType type = Problems.fromStatus(code);
        response.setStatus(type.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        response.write(true, ByteBuffer.wrap(body(type, message, path)), callback);
    }

    /** The answer to a request Jetty could not even parse (no request object exists yet). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(body(Problems.fromStatus(status), reason, null));
    }

    private static byte[] body(ProblemType type, String reason, String path) {
        String detail = type.status() >= 500 && type != ProblemType.VERSION_NOT_SUPPORTED
                ? "the server could not handle this request"
                : reason == null || reason.isBlank() ? type.title() : reason;
        String instance = path == null || path.isEmpty() || path.length() > MAX_INSTANCE || path.equals(UNPARSED) ? null : path;
        return Json.write(Problems.body(type, detail, instance, List.of())).getBytes(StandardCharsets.UTF_8);
    }
}
