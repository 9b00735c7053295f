package dev.switchboard.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for reading a request, against slow-loris clients: Jetty's idle timeout only notices a connection with
 * no bytes at all, so a client sending one header byte every few seconds (or a body byte every 25 s) would hold a
 * connection forever. Each tick looks at every open HTTP/1 connection whose parser is inside a request — it records
 * the nanoTime of the request's first byte — and closes those whose headers ({@code http.header_timeout}) or body
 * ({@code http.body_timeout}) are still incomplete after the deadline.
 *
 * <p>Idle connections between requests (parser at the start, no first byte) and upgraded WebSockets (no longer an
 * {@code HttpConnection}) are left to the idle timeout. A request whose body is all read has left the content
 * states, so a long-running handler is never cut off.
 */
final class RequestDeadlines {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);
    /** Ticks are a quarter of the shorter deadline, so a connection closes at most 25 % late; never faster than 50 ms. */
    private static final long MIN_TICK_MILLIS = 50;

    private final Server server;
    private final long headerNanos;
    private final long bodyNanos;
    private final long tickMillis;
    private volatile boolean stopped;

    RequestDeadlines(Server server, Duration headerTimeout, Duration bodyTimeout) {
        this.server = server;
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.tickMillis = Math.max(MIN_TICK_MILLIS, Math.min(headerTimeout.toMillis(), bodyTimeout.toMillis()) / 4);
    }

    void start() {
        schedule();
    }

    void stop() {
        stopped = true;
    }

    private void schedule() {
        Scheduler scheduler = server.getScheduler();
        if (stopped || scheduler == null || !scheduler.isRunning()) return;
        scheduler.schedule(this::tick, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof AbstractConnector c) c.getConnectedEndPoints().forEach(e -> check(e, now));
            }
        } catch (RuntimeException e) {
            log.warn("checking request read deadlines failed: {}", e.toString());
        } finally {
            schedule();
        }
    }

    private void check(EndPoint endPoint, long now) {
        if (!(endPoint.getConnection() instanceof HttpConnection http)) return;
        HttpParser parser = http.getParser();
        long began = parser.getBeginNanoTime();
        if (began == 0 || parser.isStart()) return;
        long elapsed = now - began;
        String late = parser.inHeaderState() && elapsed > headerNanos ? "headers (http.header_timeout)"
                : parser.inContentState() && elapsed > bodyNanos ? "body (http.body_timeout)" : null;
        if (late == null) return;
        log.debug("closing connection from {}: request {} not complete in time", endPoint.getRemoteSocketAddress(), late);
        endPoint.close(new TimeoutException("request " + late + " not received in time"));
    }
}
