package dev.switchboard.event;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Database;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's view of the event log: replay from the table, then live, with no gap and no duplicate
 * even while writers keep committing. Transport-neutral: SSE and WebSocket loops call {@link #next} on their
 * own thread and frame what it returns.
 *
 * <p><b>Why there is no gap.</b> The live listener is registered <em>before</em> the first read of the table.
 * Live delivery is asynchronous, but ordered the same way: the writer hands a commit's events to the
 * {@link EventHub} only after the commit, and its one dispatcher thread reads the list of listeners when it
 * takes them. So for any event, either the dispatcher read the list after the registration, and the event
 * reaches the listener (however late), or it read the list before, so the event was committed before the
 * registration and is in every read snapshot begun after it. Replay reads pages {@code seq > position} until a
 * page comes back empty: everything committed up to that read has then been delivered, and everything committed
 * after it reaches the live buffer. Draining the buffer skips {@code seq <= position}, which removes the events
 * both paths saw (committed before a replay read, dispatched after the registration), so there is no duplicate
 * either; the dispatcher delivers in commit order, which is seq order, so the buffer is ordered.
 *
 * <p><b>Bounded memory.</b> The live buffer holds at most {@code capacity} matching events. If it fills during
 * replay, nothing is lost: the buffer is dropped and re-registered, and the table (which has every committed
 * event) is read again from the position reached. If it fills once live, the subscriber is too slow: it gets
 * {@link Item.Overflow} with its position, and is closed, so it resumes from there by id (never silently
 * skipped). Replay reads pages of {@link #PAGE} events, so a long replay never holds the backlog in memory.
 * When the hub itself falls too far behind it drops events and calls {@link EventHub.Listener#onGap} before
 * delivering anything later: handled exactly like a full buffer (replaying: read the table again; live:
 * overflow, marked as the server's), so no subscriber silently skips what was dropped.
 *
 * <p><b>Position.</b> {@link #position()} is the seq up to which every event this subscriber may see has been
 * handed out; events the filter drops still advance it, so a resume doesn't re-scan them.
 */
public final class EventStream implements AutoCloseable {
    /** Events per replay read: one short read transaction each, so replays don't hog pooled readers. */
    static final int PAGE = 256;

    /** What {@link #next} hands the transport. */
    public sealed interface Item {
        /** An event of the log to send. */
        record Delivery(Event event) implements Item {}

        /** Nothing arrived within the wait: time for a keep-alive. */
        record Idle() implements Item {}

        /**
         * The requested position is outside the log (pruned by retention, or never handed out): reload state,
         * then continue from {@code seq}, the head of the log when this was detected.
         */
        record Reset(long seq, String reason, long requestedAfter, long oldestSeq) implements Control {
            @Override public String type() { return "reset"; }
            @Override public boolean last() { return false; }
            @Override public Map<String, Object> data() {
                return ordered("reason", reason, "after", requestedAfter, "oldest_seq", oldestSeq, "seq", seq,
                        "detail", "events after " + requestedAfter + " are not in the log (" + reason
                                + "); reload state, then continue from seq " + seq);
            }
        }

        /**
         * The subscriber fell behind by more than its buffer, or (when {@code dispatch}) the server's live
         * dispatch fell behind and dropped events; final: resume after {@code seq}.
         */
        record Overflow(long seq, boolean dispatch) implements Control {
            public Overflow(long seq) {
                this(seq, false);
            }

            @Override public String type() { return "overflow"; }
            @Override public boolean last() { return true; }
            @Override public Map<String, Object> data() {
                String why = dispatch ? "the server's live event dispatch fell behind"
                        : "this subscriber fell behind by more than events.buffer events";
                return ordered("reason", "overflow", "seq", seq, "detail", why
                        + "; resume with Last-Event-ID (or after) = " + seq);
            }
        }

        /** The server ended the stream (token revoked or expired, shutdown, unsubscribe); final. */
        record Closed(CloseReason reason, long seq) implements Control {
            @Override public String type() { return "closed"; }
            @Override public boolean last() { return true; }
            @Override public Map<String, Object> data() {
                return ordered("reason", reason.wire(), "seq", seq);
            }
        }
    }

    /**
     * A message about the stream itself rather than an event of the log ({@code reset}, {@code overflow},
     * {@code closed}); transports send it like an event, with {@link #type} as the event name.
     */
    public sealed interface Control extends Item {
        String type();

        long seq();

        Map<String, Object> data();

        /** Whether the stream ends after this. */
        boolean last();
    }

    private static Map<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static final Item.Idle IDLE = new Item.Idle();

    private final Database db;
    private final EventStore store;
    private final EventHub hub;
    private final Caller caller;
    private final EventFilter filter;
    private final int capacity;
    private final EventMetrics.Transport metrics;

    // Live buffer: written by the hub's dispatcher thread, read by the subscriber's thread.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> buffer = new ArrayDeque<>();
    private boolean overflowed;
    private boolean dispatchGap; // the overflow was the hub's (a gap), not this buffer's
    private int generation;
    private AutoCloseable listener;
    private volatile CloseReason closed;

    // Subscriber-thread state (live is also read by offer(), under the lock it is set under).
    private long position;
    private boolean live;
    private Iterator<Event> page = List.<Event>of().iterator();
    private Item pending;
    private Item terminal;
    private long replayed;

    EventStream(Database db, EventStore store, EventHub hub, Caller caller, EventFilter filter, int capacity,
                EventMetrics.Transport metrics) {
        this.db = db;
        this.store = store;
        this.hub = hub;
        this.caller = caller;
        this.filter = filter;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    /**
     * Subscribes live, then fixes the starting position: {@code after} (resume), or the head of the log when
     * null (live only). Called once, before the stream is handed out.
     */
    void start(Long after) {
        listen();
        record Bounds(long head, long prunedThrough) {}
        Bounds b = db.read(tx -> new Bounds(store.head(tx), store.prunedThrough(tx)));
        if (after == null) {
            position = b.head();
        } else if (after < b.prunedThrough()) {
            pending = reset(b.head(), "retention", after, b.prunedThrough());
        } else if (after > b.head()) {
            pending = reset(b.head(), "unknown-position", after, b.prunedThrough());
        } else {
            position = after;
        }
    }

    public long position() {
        return position;
    }

    /**
     * The next item: an event, a reset, a final overflow or close, or {@link Item.Idle} when nothing arrived
     * within {@code wait} (zero: don't wait). Only the subscriber's thread calls this.
     */
    public Item next(Duration wait) throws InterruptedException {
        if (terminal != null) return terminal;
        CloseReason reason = closed;
        if (reason != null) return end(new Item.Closed(reason, position));
        if (pending != null) {
            Item p = pending;
            pending = null;
            return p;
        }
        while (!live) {
            while (page.hasNext()) {
                Event e = page.next();
                position = e.seq();
                if (filter.matches(e) && EventAccess.canSee(caller, e)) {
                    replayed++;
                    metrics.delivered().increment();
                    return new Item.Delivery(e);
                }
            }
            Item reset = readPage();
            if (reset != null) return reset;
        }
        return nextLive(wait);
    }

    /** Reads the next replay page, or goes live when the table has nothing newer; a reset when the log was pruned past us. */
    private Item readPage() {
        record Read(List<Event> events, long head, long prunedThrough) {}
        String sessionKey = filter.onlySession() != null ? filter.onlySession() : caller.sessionKey();
        long from = position;
        Read read = db.read(tx -> new Read(store.page(tx, from, sessionKey, PAGE), store.head(tx), store.prunedThrough(tx)));
        if (read.prunedThrough() > from) {
            // Retention deleted events we had not reached yet, while we were replaying.
            return reset(read.head(), "retention", from, read.prunedThrough());
        }
        if (!read.events().isEmpty()) {
            page = read.events().iterator();
            return null;
        }
        lock.lock();
        try {
            if (!overflowed) {
                live = true;
                metrics.replayLength().record(replayed);
                return null;
            }
        } finally {
            lock.unlock();
        }
        // The live buffer overflowed while we replayed: drop it, listen afresh, and read the table again.
        listen();
        return null;
    }

    private Item nextLive(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed != null) return end(new Item.Closed(closed, position));
                if (overflowed) return end(new Item.Overflow(position, dispatchGap));
                Event e = buffer.poll();
                if (e != null) {
                    if (e.seq() <= position) continue; // seen during replay
                    position = e.seq();
                    metrics.delivered().increment();
                    return new Item.Delivery(e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return IDLE;
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Jumps to the head of the log: what lies between the requested position and it can't be replayed. */
    private Item reset(long head, String reason, long requestedAfter, long prunedThrough) {
        position = head;
        return new Item.Reset(head, reason, requestedAfter, prunedThrough + 1);
    }

    private Item end(Item item) {
        terminal = item;
        close();
        return item;
    }

    /** (Re)registers the live listener with an empty buffer; events for an older registration are ignored. */
    private void listen() {
        int gen;
        lock.lock();
        try {
            gen = ++generation;
            buffer.clear();
            overflowed = false;
            dispatchGap = false;
        } finally {
            lock.unlock();
        }
        closeListener();
        listener = hub.subscribe(new EventHub.Listener() {
            @Override
            public void onEvents(List<Event> events) {
                offer(gen, events);
            }

            @Override
            public void onGap() {
                gap(gen);
            }
        });
    }

    /**
     * Runs on the hub's dispatcher thread for each commit: filter, then enqueue or mark overflow. Takes the lock
     * only for a batch with a matching event, once for the batch. Never blocks for long.
     */
    private void offer(int gen, List<Event> events) {
        boolean locked = false;
        try {
            for (Event e : events) {
                if (!filter.matches(e) || !EventAccess.canSee(caller, e)) continue;
                if (!locked) {
                    lock.lock();
                    locked = true;
                    if (gen != generation || overflowed || closed != null) return;
                }
                if (buffer.size() >= capacity) {
                    overflow(false);
                    // Counted now, not when the stalled subscriber gets to hear of it; while replaying it is refilled instead.
                    if (live) metrics.overflows().increment();
                    return;
                }
                buffer.add(e);
            }
        } finally {
            if (locked) {
                changed.signal();
                lock.unlock();
            }
        }
    }

    /** Runs on the dispatcher thread when the hub dropped events: as if the buffer had overflowed. */
    private void gap(int gen) {
        lock.lock();
        try {
            if (gen != generation || overflowed || closed != null) return;
            overflow(true);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the buffer overflowed (lock held): the table has its events, so the memory is freed now. */
    private void overflow(boolean dispatch) {
        overflowed = true;
        dispatchGap = dispatch;
        buffer.clear();
    }

    /** Ends the stream from any thread (revocation, expiry, shutdown, unsubscribe); the next {@link #next} says so. */
    public void terminate(CloseReason reason) {
        lock.lock();
        try {
            if (closed == null) closed = reason;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void closeListener() {
        AutoCloseable l = listener;
        listener = null;
        if (l == null) return;
        try {
            l.close();
        } catch (Exception e) {
            throw new IllegalStateException("unsubscribing from the event hub failed", e);
        }
    }

    @Override
    public void close() {
        closeListener();
        lock.lock();
        try {
            buffer.clear();
        } finally {
            lock.unlock();
        }
    }
}
