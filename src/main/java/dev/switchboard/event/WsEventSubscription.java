package dev.switchboard.event;

import dev.switchboard.web.WsConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code events.subscribe} of a WebSocket (a socket may hold several, each with its id, which its frames
 * carry as {@code subscription}): a virtual thread that pushes the stream's items as
 * {@code {"event", "seq", "data"}} frames, where {@code data} is the same JSON an SSE client receives.
 * Sends block until written ({@link WsConnection#send}), so a client that doesn't read fills the stream's
 * bounded buffer and gets {@code overflow}, exactly as over SSE; the socket itself stays open for RPC.
 */
final class WsEventSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsEventSubscription.class);
    /** How long unsubscribing waits for the pushing thread; a send stuck longer is ended by Jetty's idle timeout. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String id;
    private final EventStream stream;
    private final WsConnection connection;
    private final Duration wait;
    private volatile Thread thread;

    WsEventSubscription(String id, EventStream stream, WsConnection connection, Duration wait) {
        this.id = id;
        this.stream = stream;
        this.connection = connection;
        this.wait = wait;
    }

    synchronized void start() {
        if (thread != null) return;
        thread = Thread.ofVirtual().name("ws-events-" + connection.id() + "-" + id).start(this::pump);
    }

    private void pump() {
        try (stream) {
            while (true) {
                switch (stream.next(wait)) {
                    case EventStream.Item.Idle idle -> { } // the connection's pings keep it alive
                    case EventStream.Item.Delivery d -> send(d.event().type(), d.event().seq(), d.event());
                    case EventStream.Item.Closed c when c.reason() == CloseReason.UNSUBSCRIBED -> {
                        return; // the unsubscribe reply says so
                    }
                    case EventStream.Control c -> {
                        send(c.type(), c.seq(), c.data());
                        if (c.last()) return;
                    }
                }
            }
        } catch (IOException e) {
            log.debug("WebSocket {}: event push stopped: {}", connection.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // e.g. the store unavailable mid-replay: the subscription ends; the client resubscribes from its last seq
            log.warn("WebSocket {}: event push failed at seq {}: {}", connection.id(), stream.position(), e.toString());
            var closed = new EventStream.Item.Closed(CloseReason.ERROR, stream.position());
            try {
                send(closed.type(), closed.seq(), closed.data());
            } catch (IOException gone) {
                // nobody left to tell
            }
        }
    }

    private void send(String type, long seq, Object data) throws IOException {
        var frame = new LinkedHashMap<String, Object>(5);
        frame.put("event", type);
        frame.put("seq", seq);
        frame.put("subscription", id);
        frame.put("data", data);
        connection.send(frame);
    }

    /** Stops pushing; once this returns no further event frame of this subscription is sent. */
    @Override
    public void close() {
        stream.terminate(CloseReason.UNSUBSCRIBED);
        Thread t = thread;
        if (t == null) {
            stream.close(); // never started (its subscribe reply could not be sent): nobody else will
            return;
        }
        try {
            if (!t.join(STOP_WAIT)) log.warn("WebSocket {}: event push did not stop within {}", connection.id(), STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pusher still stops: its stream is terminated
        }
    }

    Map<String, Object> started() {
        return Map.of("subscribed", true, "after", stream.position(), "subscription", id);
    }
}
