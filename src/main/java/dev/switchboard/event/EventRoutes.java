package dev.switchboard.event;

import dev.switchboard.auth.Caller;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.web.PeerCloseWatch;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.SseWriter;
import dev.switchboard.web.WsCall;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events} (SSE) and the WebSocket methods
 * {@code events.subscribe} / {@code events.unsubscribe}.
 *
 * <p>Each SSE stream runs on its request's virtual thread until the client leaves, its token is revoked or
 * expires, it overflows, or the server stops; see {@link SseWriter} for why it writes the response itself.
 */
public final class EventRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    /** Events written before a flush even when more are ready: bounds the latency of a busy stream's first events. */
    private static final int FLUSH_EVERY = 64;
    private static final String WS_SLOT = "events:";
    /** Subscriptions one socket may hold: each is a stream with its own buffer and thread. */
    private static final int MAX_SUBSCRIPTIONS = 16;
    private static final String DEFAULT_SUBSCRIPTION = "default";
    private static final java.util.regex.Pattern SUBSCRIPTION = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** {@code access_token} is the stream token an {@code EventSource} can only send in the URL (auth reads it). */
    private static final java.util.Set<String> SSE_PARAMETERS = EventFilter.withFilter("after", "access_token");
    private static final java.util.Set<String> WS_PARAMETERS = EventFilter.withFilter("after", "subscription");

    private final EventService events;
    private final StreamRegistry streams;

    public EventRoutes(EventService events, StreamRegistry streams) {
        this.events = events;
        this.streams = streams;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/events", this::sse);
    }

    @Override
    public void rpc(WsMethods methods) {
        methods.register("events.subscribe", this::subscribe);
        methods.register("events.unsubscribe", call -> {
            var q = call.query(java.util.Set.of("subscription"));
            String id = subscriptionId(q, null);
            q.check();
            // Without an id every subscription of the socket ends (with one, as before several existed: that one).
            boolean was = id == null ? call.connection().closeAll(WS_SLOT) > 0 : call.connection().occupied(WS_SLOT + id);
            if (id != null) call.connection().replace(WS_SLOT + id, null);
            return Map.of("unsubscribed", was);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/events.json";
    }

    /** Where a stream starts: {@code Last-Event-ID} (an EventSource reconnecting) wins over {@code after}. */
    private static Long position(Fields q, String lastEventId) {
        Long after = q.integer("after", 0, Long.MAX_VALUE).orElse(null);
        if (lastEventId == null || lastEventId.isBlank()) return after;
        try {
            long id = Long.parseLong(lastEventId.trim());
            if (id >= 0) return id;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        q.error("Last-Event-ID", "must be the id of an event this stream sent");
        return after;
    }

    private void sse(Context ctx) throws Exception {
        Caller caller = Requests.caller(ctx);
        var q = Fields.query(ctx.queryParamMap(), SSE_PARAMETERS);
        EventFilter filter = EventFilter.read(q);
        Long from = position(q, ctx.header("Last-Event-ID"));
        q.check();
        try (EventStream stream = events.open(caller, filter, from, StreamRegistry.SSE);
             var _ = streams.register(caller, StreamRegistry.SSE, stream::terminate)) {
            // A client that goes away ends the stream (and frees its slot) now, not at the next keep-alive.
            PeerCloseWatch.watch(ctx, () -> stream.terminate(CloseReason.CLIENT_GONE));
            pumpQuietly(stream, SseWriter.start(ctx), events.keepAlive(), caller);
        } catch (IOException e) {
            // The client went away; there is nobody to tell.
            log.debug("event stream of token {} ended: {}", caller.tokenId(), e.toString());
        }
    }

    /**
     * Runs a started stream until it ends. A failure now (the store unavailable mid-replay) can't become a problem
     * response, the 200 is already sent: the stream ends with {@code closed} {@code error}, and the client resumes by id.
     */
    private static void pumpQuietly(EventStream stream, SseWriter out, Duration keepAlive, Caller caller)
            throws IOException, InterruptedException {
        try {
            pump(stream, out, keepAlive);
        } catch (RuntimeException e) {
            log.warn("event stream of token {} failed at seq {}: {}", caller.tokenId(), stream.position(), e.toString());
            var closed = new EventStream.Item.Closed(CloseReason.ERROR, stream.position());
            out.event(closed.seq(), closed.type(), Json.write(closed.data()));
            out.flush();
        }
    }

    private static void pump(EventStream stream, SseWriter out, Duration keepAlive) throws IOException, InterruptedException {
        var item = stream.next(keepAlive);
        int unflushed = 0;
        while (true) {
            switch (item) {
                case EventStream.Item.Idle idle -> out.comment("keep-alive");
                case EventStream.Item.Delivery d -> out.event(d.event().seq(), d.event().type(), Json.write(d.event()));
                case EventStream.Control c -> {
                    out.event(c.seq(), c.type(), Json.write(c.data()));
                    if (c.last()) {
                        out.flush();
                        return;
                    }
                }
            }
            // Write whatever is ready without waiting; flush when nothing is (or every FLUSH_EVERY events).
            var more = stream.next(Duration.ZERO);
            if (more instanceof EventStream.Item.Idle || ++unflushed >= FLUSH_EVERY) {
                out.flush();
                unflushed = 0;
            }
            item = more instanceof EventStream.Item.Idle ? stream.next(keepAlive) : more;
        }
    }

    private Object subscribe(WsCall call) {
        var q = call.query(WS_PARAMETERS);
        EventFilter filter = EventFilter.read(q);
        Long after = q.integer("after", 0, Long.MAX_VALUE).orElse(null);
        String id = subscriptionId(q, DEFAULT_SUBSCRIPTION);
        q.check();
        String slot = WS_SLOT + id;
        if (!call.connection().occupied(slot) && call.connection().occupiedWith(WS_SLOT) >= MAX_SUBSCRIPTIONS) {
            throw dev.switchboard.problem.ProblemException.validation("subscription",
                    "a socket holds at most " + MAX_SUBSCRIPTIONS + " subscriptions: unsubscribe one first");
        }
        // A subscription with the same id is replaced, and stopped first: no frame of it follows this reply.
        call.connection().replace(slot, null);
        EventStream stream = events.open(call.caller(), filter, after, StreamRegistry.WS);
        var subscription = new WsEventSubscription(id, stream, call.connection(), events.keepAlive());
        call.connection().replace(slot, subscription);
        call.afterReply(subscription::start);
        return subscription.started();
    }

    /** {@code subscription}: the client's name for a subscription of its socket, or {@code absent}. */
    private static String subscriptionId(Fields q, String absent) {
        String id = q.string("subscription", 64).orElse(null);
        if (id != null && !SUBSCRIPTION.matcher(id).matches()) {
            q.error("subscription", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return id == null ? absent : id;
    }
}
