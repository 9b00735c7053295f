package dev.switchboard.web;

import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket: who is on it, a send that blocks until the frame is written, and named slots for
 * per-connection resources (an event subscription) that are closed with the connection.
 *
 * <p>Sends are serialized by one lock and wait for Jetty's completion callback: replies and pushed events
 * never interleave, and a client that stops reading blocks its own pushing thread (whose bounded buffer then
 * overflows) instead of queueing frames in server memory without bound, as a fire-and-forget send would.
 */
public final class WsConnection {
    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);

    private final WsContext ctx;
    private final Caller caller;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Map<String, AutoCloseable> slots = new ConcurrentHashMap<>();

    public WsConnection(WsContext ctx, Caller caller) {
        this.ctx = ctx;
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    public String id() {
        return ctx.sessionId();
    }

    /** Sends {@code frame} as JSON text and waits until it is written; fails when the connection is gone. */
    public void send(Object frame) throws IOException {
        sendText(Json.write(frame));
    }

    /** Sends a frame already written as JSON text, and waits until it is written. */
    public void sendText(String text) throws IOException {
        sendLock.lock();
        try {
            var done = new Callback.Completable();
            ctx.session.sendText(text, done);
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending on WebSocket " + id(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("WebSocket send failed", e.getCause());
        } finally {
            sendLock.unlock();
        }
    }

    /** Puts {@code resource} in a named slot, closing what was there (null just closes and empties it). */
    public void replace(String slot, AutoCloseable resource) {
        AutoCloseable previous = resource == null ? slots.remove(slot) : slots.put(slot, resource);
        closeQuietly(slot, previous);
    }

    /** Whether the slot holds something (e.g. an active subscription). */
    public boolean occupied(String slot) {
        return slots.containsKey(slot);
    }

    /** How many slots are named with {@code prefix} (e.g. the event subscriptions of this socket). */
    public int occupiedWith(String prefix) {
        return (int) slots.keySet().stream().filter(s -> s.startsWith(prefix)).count();
    }

    /** Closes and empties every slot named with {@code prefix}; how many there were. */
    public int closeAll(String prefix) {
        int closed = 0;
        for (String slot : slots.keySet()) {
            if (!slot.startsWith(prefix)) continue;
            AutoCloseable resource = slots.remove(slot);
            if (resource != null) closed++;
            closeQuietly(slot, resource);
        }
        return closed;
    }

    /** Starts closing the connection with a WebSocket status code; doesn't wait. */
    public void close(int statusCode, String reason) {
        ctx.session.close(statusCode, reason, Callback.NOOP);
    }

    /** Closes every slot; called once the connection has closed. */
    public void closeSlots() {
        for (String slot : slots.keySet()) closeQuietly(slot, slots.remove(slot));
    }

    private void closeQuietly(String slot, AutoCloseable resource) {
        if (resource == null) return;
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("WebSocket {}: closing {} failed: {}", id(), slot, e.toString());
        }
    }
}
