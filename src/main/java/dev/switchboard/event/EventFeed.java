package dev.switchboard.event;

import dev.switchboard.store.CommitSink;
import dev.switchboard.store.Database;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events for a store that several nodes write (PostgreSQL): the {@link EventHub} is fed from the event log
 * itself, in seq order, instead of by this node's writer. The table is the one source of truth for every node, so a
 * subscriber sees the events of every node's commits, once, in order.
 *
 * <p><b>Why nothing is skipped.</b> The feed reads {@code seq > delivered} and advances {@code delivered} to the
 * last seq it read. That is safe only because the store hands out seqs in commit order (the cluster write lock):
 * once seq N is visible, every seq below N that will ever exist is visible too, so no lower seq can appear later.
 * A seq that a rolled-back batch drew never appears; that gap is harmless. And {@link EventStream}'s hand-over proof
 * holds unchanged: the feed hands an event to the hub only after reading it, so after its commit.
 *
 * <p><b>When it reads.</b> At once when this node commits events ({@link #committed}, the writer's hand-over), when
 * another node's commit is announced ({@link #wake}, a NOTIFY), and every {@link #POLL} regardless: a notification
 * lost with a dropped connection costs at most that much latency, never an event.
 */
public final class EventFeed implements CommitSink<Event>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    /** The safety net under notifications: how stale a node's live feed can get when every notification is lost. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Events per read: one short read transaction; a backlog is read in several. */
    private static final int PAGE = 1_000;
    /** How long a local writer's caller waits for its events to reach the hub (as the hub's own bound). */
    private static final Duration ACK_WAIT = EventHub.ACK_WAIT;

    private final Database db;
    private final EventStore store;
    private final EventHub hub;
    private final Object lock = new Object();
    private final Thread thread;
    private long delivered;
    private boolean woken;
    private volatile boolean closed;

    public EventFeed(Database db, EventStore store, EventHub hub) {
        this.db = db;
        this.store = store;
        this.hub = hub;
        this.delivered = db.read(store::head); // earlier events are replayed from the table by whoever asks
        this.thread = Thread.ofPlatform().name("event-feed").daemon(true).start(this::loop);
    }

    /** Something was committed (here or on another node): read the log now. */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /**
     * This node's writer committed {@code events}: read them now, and let each caller of that batch return once they
     * reached the hub (bounded), so a write acknowledged here is already in the live feed of this node's subscribers.
     */
    @Override
    public Runnable committed(List<Event> events) {
        long last = events.getLast().seq();
        wake();
        return () -> awaitDelivered(last);
    }

    private void awaitDelivered(long seq) {
        long deadline = System.nanoTime() + ACK_WAIT.toNanos();
        synchronized (lock) {
            while (delivered < seq && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return; // stalled: the write is committed, live delivery follows when the feed moves
                try {
                    lock.wait(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop() {
        while (!closed) {
            synchronized (lock) {
                if (!woken) {
                    try {
                        lock.wait(POLL.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            try {
                drain();
            } catch (RuntimeException e) {
                if (!closed) log.warn("reading new events failed ({}); retrying within {}", e.toString(), POLL);
            }
        }
    }

    private void drain() {
        while (!closed) {
            long from = delivered;
            List<Event> page = db.read(tx -> store.page(tx, from, null, PAGE));
            if (page.isEmpty()) return;
            hub.committed(page); // the hub's own barrier is for the writer's callers; the feed never waits on it
            synchronized (lock) {
                delivered = page.getLast().seq();
                lock.notifyAll();
            }
            if (page.size() < PAGE) return;
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(POLL.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
