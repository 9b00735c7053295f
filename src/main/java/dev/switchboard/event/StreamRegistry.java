package dev.switchboard.event;

import dev.switchboard.auth.Caller;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.token.Token;
import dev.switchboard.token.TokenService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open long-lived connection (SSE stream, WebSocket) with the token it was opened with, so that
 * revoking a token closes its streams at once (API.md: "revoke takes effect immediately, open streams
 * included") and a token's expiry closes them when it passes, instead of an authenticated-once stream
 * outliving its credentials.
 *
 * <p>Expiry is checked by {@link #closeExpired}, run every second by housekeeping against the injected
 * clock: a stream closes within a second of its token's {@code expires_at}. Also the one bound on open
 * streams ({@code events.max_streams}), so a flood of subscribers is a 503, not an exhausted heap.
 *
 * <p>Closers are called from the revoking request's thread, the housekeeping thread or shutdown: they must
 * only signal the stream's own thread (or start an asynchronous close), never block.
 */
public final class StreamRegistry {
    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

    public static final String SSE = "sse";
    public static final String WS = "ws";
    /** An MCP resource subscription: one event stream per subscribed resource. */
    public static final String MCP = "mcp";

    /** Ends one stream; idempotent, non-blocking. */
    @FunctionalInterface
    public interface Closer {
        void close(CloseReason reason);
    }

    /** One open stream; closing it (when the stream ends for any reason) removes it from the registry. */
    public final class Registration implements AutoCloseable {
        private final String tokenId;
        private final String transport;
        private final Closer closer;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Set once the token has been read, after the registration is visible to revocation (see {@link #register}). */
        private volatile Instant expiresAt;

        private Registration(String tokenId, String transport, Closer closer) {
            this.tokenId = tokenId;
            this.transport = transport;
            this.closer = closer;
        }

        /** Tells the stream to end (first reason wins); it unregisters itself when it has. */
        void end(CloseReason reason) {
            if (ended.compareAndSet(false, true)) closer.close(reason);
        }

        @Override
        public void close() {
            if (open.remove(this) != null) {
                counts.get(transport).decrementAndGet();
                total.decrementAndGet();
            }
        }
    }

    private final TokenService tokens;
    private final Clock clock;
    private final int maxStreams;
    private final Map<Registration, Boolean> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = Map.of(SSE, new AtomicInteger(), WS, new AtomicInteger(),
            MCP, new AtomicInteger());
    private final AtomicInteger total = new AtomicInteger();

    public StreamRegistry(TokenService tokens, Clock clock, int maxStreams, MeterRegistry metrics) {
        this.tokens = tokens;
        this.clock = clock;
        this.maxStreams = maxStreams;
        counts.forEach((transport, count) -> Gauge.builder("switchboard.streams.open", count, AtomicInteger::get)
                .description("Open event streams (SSE connections, WebSocket connections, MCP resource subscriptions)")
                .tag("transport", transport)
                .register(metrics));
        tokens.onRevoke(this::closeRevoked);
    }

    /**
     * Registers a stream opened by {@code caller}; the caller must close the registration when the stream
     * ends. 503 when {@code events.max_streams} are open. A token revoked or expired between authentication
     * and this call closes the stream at once.
     *
     * <p>The registration is visible to revocation <em>before</em> the token is read: a revocation committed before
     * that read is seen by it, and one committed after it finds the registration when it closes its token's streams.
     * Read first and registered second, a revocation in between would miss the stream for good.
     */
    public Registration register(Caller caller, String transport, Closer closer) {
        if (total.incrementAndGet() > maxStreams) {
            total.decrementAndGet();
            throw new ProblemException(ProblemType.UNAVAILABLE,
                    maxStreams + " event streams are open (events.max_streams); retry later");
        }
        var registration = new Registration(caller.tokenId(), transport, closer);
        open.put(registration, Boolean.TRUE);
        counts.get(transport).incrementAndGet();
        Optional<Token> token;
        try {
            token = tokens.current(caller);
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        registration.expiresAt = token.map(Token::expiresAt).orElse(null);
        Instant now = clock.instant();
        if (token.isEmpty() || token.get().revokedAt() != null) registration.end(CloseReason.TOKEN_REVOKED);
        else if (!token.get().usableAt(now)) registration.end(CloseReason.TOKEN_EXPIRED);
        return registration;
    }

    /** Closes streams whose token has expired by the clock's now; run every second by housekeeping. */
    public void closeExpired() {
        Instant now = clock.instant();
        for (Registration r : open.keySet()) {
            Instant expiresAt = r.expiresAt;
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                log.debug("closing {} stream of token {}: token expired", r.transport, r.tokenId);
                r.end(CloseReason.TOKEN_EXPIRED);
            }
        }
    }

    /** Closes every stream, e.g. before the HTTP server stops, so no handler waits for its next keep-alive. */
    public void closeAll(CloseReason reason) {
        for (Registration r : open.keySet()) r.end(reason);
    }

    private void closeRevoked(Set<String> tokenIds) {
        for (Registration r : open.keySet()) {
            if (tokenIds.contains(r.tokenId)) {
                log.info("closing {} stream of revoked token {}", r.transport, r.tokenId);
                r.end(CloseReason.TOKEN_REVOKED);
            }
        }
    }
}
