package dev.switchboard.mcp;

import dev.switchboard.auth.Caller;
import dev.switchboard.event.CloseReason;
import dev.switchboard.event.EventFilter;
import dev.switchboard.event.EventService;
import dev.switchboard.event.EventStream;
import dev.switchboard.event.StreamRegistry;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resources/subscribe}: each subscription is a filtered stream of the event log ({@link EventService#open},
 * exactly as an SSE subscriber's, with the subscriber's token, so it only sees what that token may see) and one
 * virtual thread that sends {@code notifications/resources/updated} when a matching event commits. No polling: the
 * thread waits in {@link EventStream#next} until the event log hands it something.
 *
 * <p>Bounds: {@link #MAX_PER_SESSION} subscriptions per MCP session; every subscription is registered with the
 * {@link StreamRegistry}, so it counts against {@code events.max_streams}, ends when its token is revoked or expires,
 * and at shutdown. A burst of events is one notification (the notification carries no data: the client re-reads).
 * When a stream overflows, the client is notified (something changed) and the stream is reopened from its position.
 */
final class ResourceSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(ResourceSubscriptions.class);
    static final int MAX_PER_SESSION = 32;
    /** How long a notification may take to be written to the client's stream before it is given up. */
    private static final Duration SEND_WAIT = Duration.ofSeconds(10);

    /** Sends one notification to one MCP session (the transport's listening stream). */
    @FunctionalInterface
    interface Notifier {
        void updated(String mcpSession, String uri, Duration wait);
    }

    private final EventService events;
    private final StreamRegistry streams;
    private final Notifier notifier;
    private final Duration keepAlive;
    private final Map<String, Map<String, Subscription>> bySession = new ConcurrentHashMap<>();

    ResourceSubscriptions(EventService events, StreamRegistry streams, Notifier notifier, Duration keepAlive) {
        this.events = events;
        this.streams = streams;
        this.notifier = notifier;
        this.keepAlive = keepAlive;
    }

    /** Starts notifying {@code mcpSession} of changes to {@code target}; the caller has checked it may read it. */
    void subscribe(String mcpSession, Caller caller, SessionUris.Target target) {
        Map<String, Subscription> mine = bySession.computeIfAbsent(mcpSession, s -> new ConcurrentHashMap<>());
        String uri = target.uri();
        if (!mine.containsKey(uri) && mine.size() >= MAX_PER_SESSION) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                    .message("at most " + MAX_PER_SESSION + " subscriptions per MCP session; unsubscribe from one first").build();
        }
        var types = target.transcript() ? List.of("message.", "messages.", "session.reset") : List.of("session.");
        var filter = new EventFilter(types, target.key(), null, null);
        var subscription = new Subscription(mcpSession, uri, caller, filter, events.open(caller, filter, null, StreamRegistry.MCP));
        subscription.register(); // may refuse (events.max_streams): nothing is running yet
        Subscription previous = mine.put(uri, subscription);
        if (previous != null) previous.stop();
        subscription.start();
    }

    void unsubscribe(String mcpSession, String uri) {
        Map<String, Subscription> mine = bySession.get(mcpSession);
        Subscription s = mine == null ? null : mine.remove(uri);
        if (s != null) s.stop();
    }

    /** The MCP session ended (deleted, swept, or the server stops): its subscriptions end with it. */
    void closeSession(String mcpSession) {
        Map<String, Subscription> mine = bySession.remove(mcpSession);
        if (mine != null) mine.values().forEach(Subscription::stop);
    }

    /** One subscribed resource and the thread that watches its stream. */
    private final class Subscription {
        private final String mcpSession;
        private final String uri;
        private final Caller caller;
        private final EventFilter filter;
        private volatile EventStream stream;
        private volatile CloseReason ended;
        private StreamRegistry.Registration registration;

        Subscription(String mcpSession, String uri, Caller caller, EventFilter filter, EventStream stream) {
            this.mcpSession = mcpSession;
            this.uri = uri;
            this.caller = caller;
            this.filter = filter;
            this.stream = stream;
        }

        void register() {
            try {
                registration = streams.register(caller, StreamRegistry.MCP, this::terminate);
            } catch (RuntimeException e) {
                stream.close();
                throw e;
            }
        }

        void start() {
            Thread.ofVirtual().name("mcp-subscription-" + mcpSession).start(this::watch);
        }

        void stop() {
            terminate(CloseReason.UNSUBSCRIBED);
        }

        /** Ends the watch (non-blocking, from any thread); the watching thread closes the stream on its way out. */
        private void terminate(CloseReason reason) {
            ended = reason;
            stream.terminate(reason);
        }

        private void watch() {
            try (var _ = registration) {
                while (true) {
                    EventStream.Item item = stream.next(keepAlive);
                    boolean changed = false;
                    // Whatever else is ready belongs to the same change: one notification for the burst.
                    while (item instanceof EventStream.Item.Delivery) {
                        changed = true;
                        item = stream.next(Duration.ZERO);
                    }
                    if (changed) notifyClient();
                    if (item instanceof EventStream.Item.Overflow o) {
                        notifyClient(); // events were skipped: something may have changed
                        reopenAfter(o.seq());
                    } else if (item instanceof EventStream.Control c && c.last()) {
                        return; // closed: revoked, expired, unsubscribed, shutdown
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("MCP session {}: subscription to {} ended: {}", mcpSession, uri, e.toString());
            } finally {
                stream.close();
            }
        }

        private void reopenAfter(long seq) {
            EventStream old = stream;
            stream = events.open(caller, filter, seq, StreamRegistry.MCP);
            old.close();
            CloseReason reason = ended;
            if (reason != null) stream.terminate(reason); // ended while reopening: the new stream ends too
        }

        private void notifyClient() {
            try {
                notifier.updated(mcpSession, uri, SEND_WAIT);
            } catch (RuntimeException e) {
                log.debug("MCP session {}: notification for {} not delivered: {}", mcpSession, uri, e.toString());
            }
        }
    }
}
