package dev.switchboard.event;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.store.Database;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions to the event log, for every transport, and its retention. Subscribing needs
 * {@code sessions:read}; what a subscriber then receives is limited by {@link EventAccess}.
 */
public final class EventService {
    private static final Logger log = LoggerFactory.getLogger(EventService.class);
    /** Rows deleted per write unit: a few milliseconds of the writer, so pruning never stalls appends. */
    private static final int PRUNE_CHUNK = 5_000;
    /** Chunks per run; a larger backlog (first start after a long stop) is finished by the next runs. */
    private static final int PRUNE_CHUNKS_PER_RUN = 100;

    private final Database db;
    private final EventStore store;
    private final EventHub hub;
    private final SwitchboardConfig.Events config;
    private final EventMetrics metrics;
    private final Clock clock;

    public EventService(Database db, EventStore store, EventHub hub, SwitchboardConfig.Events config,
                        EventMetrics metrics, Clock clock) {
        this.db = db;
        this.store = store;
        this.hub = hub;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Opens a subscription: resume after {@code after}, or live from now when it is null. The caller owns
     * the stream and must close it.
     *
     * @param transport {@code sse} or {@code ws}, for metrics
     */
    public EventStream open(Caller caller, EventFilter filter, Long after, String transport) {
        caller.require(Scope.SESSIONS_READ);
        var stream = new EventStream(db, store, hub, caller, filter, config.buffer(), metrics.transport(transport));
        try {
            stream.start(after);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    /** How long a stream may stay silent before it sends a keep-alive (events.keep_alive). */
    public Duration keepAlive() {
        return config.keepAlive();
    }

    /**
     * Deletes events older than {@code events.retention}, oldest first, in short write units; run periodically
     * by housekeeping. Subscribers resuming from a pruned position get {@code reset}. Returns how many went.
     */
    public long prune() {
        long cutoff = clock.millis() - config.retention().toMillis();
        long through = db.read(tx -> store.lastSeqBefore(tx, cutoff));
        if (through == 0) return 0;
        long total = 0;
        for (int i = 0; i < PRUNE_CHUNKS_PER_RUN; i++) {
            int deleted = db.write(tx -> store.prune(tx, through, PRUNE_CHUNK));
            total += deleted;
            if (deleted < PRUNE_CHUNK) break;
        }
        metrics.pruned().increment(total);
        if (total > 0) log.info("pruned {} events through seq {} (older than {})", total, through, config.retention());
        return total;
    }
}
