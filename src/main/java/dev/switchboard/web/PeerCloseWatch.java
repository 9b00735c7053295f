package dev.switchboard.web;

import io.javalin.http.Context;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the client of a long-lived response (an event stream) closes its connection, at once rather than at
 * the next write: while a handler runs, Jetty does not read from an HTTP/1.1 connection, so a peer's close would
 * otherwise go unseen until a keep-alive fails — holding an {@code events.max_streams} slot all that time.
 *
 * <p>How: the response is marked {@code Connection: close} (an event stream is the connection's last exchange
 * anyway; EventSource reconnects on a new one), which leaves the connection's read side to us. We ask the endpoint to
 * tell us when it is readable. An SSE client sends nothing after its request, so readable means end of stream (the
 * peer closed) or bytes nobody will ever handle: either way the stream is over. The endpoint closing or failing
 * (server shutdown, idle timeout) reports the same. {@code onClose} runs once, on a Jetty thread: it must not block.
 */
public final class PeerCloseWatch {
    private static final Logger log = LoggerFactory.getLogger(PeerCloseWatch.class);

    private PeerCloseWatch() {}

    /** Watches the connection of {@code ctx}; call before the response is committed (it sets a header). */
    public static void watch(Context ctx, Runnable onClose) {
        ctx.res().setHeader("Connection", "close");
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint();
        if (!endPoint.tryFillInterested(new Readable(endPoint, onClose))) {
            log.debug("connection {} is already being read; its close is noticed at the next write", endPoint);
        }
    }

    private record Readable(EndPoint endPoint, Runnable onClose) implements Callback {
        @Override
        public void succeeded() {
            try {
                // Jetty's buffers are in flush mode (limit = end of content): an empty one, with room for one byte.
                int read = endPoint.fill(BufferUtil.allocate(1));
                if (read == 0) {
                    // spurious wake-up: nothing there after all, keep watching
                    if (endPoint.tryFillInterested(this)) return;
                }
                log.debug("event stream peer {} {}", endPoint.getRemoteSocketAddress(), read < 0 ? "closed" : "sent data");
            } catch (IOException e) {
                log.debug("event stream peer {} failed: {}", endPoint.getRemoteSocketAddress(), e.toString());
            }
            onClose.run();
        }

        @Override
        public void failed(Throwable cause) {
            onClose.run();
        }
    }
}
