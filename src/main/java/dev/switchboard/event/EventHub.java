package dev.switchboard.event;

import dev.switchboard.store.CommitSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live fan-out of committed events to in-process listeners, off the writer thread.
 *
 * <p><b>Hand-over.</b> The writer hands each group commit's events over in one step ({@link #committed}, a
 * {@link CommitSink} of {@link EventLog#append}): one enqueue per batch, whatever the number of listeners. One
 * dispatcher thread takes the batches in queue order, which is commit order, which is {@code seq} order, and
 * calls every listener with each batch. It reads the list of listeners when it takes a batch: a listener
 * registered before that gets the batch, and one registered later finds its events in the table (they were
 * committed before the batch was handed over). {@link EventStream}'s proof rests on that.
 *
 * <p><b>Acknowledgment.</b> A writer's caller returns only once its batch has been delivered to every listener
 * that was subscribed when the batch was handed over (the barrier {@link #committed} returns, run on the
 * caller's thread): as when the writer thread delivered itself, a write acknowledged is in every live
 * subscriber's buffer, yet the writer thread never waits and commits the next batch meanwhile. A caller waits at
 * most {@link #ACK_WAIT}: a dispatcher that far behind is stalled (a listener blocking), and writes are then
 * acknowledged without waiting until it delivers promptly again.
 *
 * <p><b>Bounded.</b> At most {@code capacity} events wait for the dispatcher (plus one batch when the queue
 * was empty: a batch is never too big to go alone). When a batch doesn't fit, it is not handed over, and the
 * dispatcher tells every listener {@link Listener#onGap} before anything committed later: a stream then
 * resumes from the table, which has every committed event, so nothing is lost, only delivered later.
 *
 * <p>The dispatcher is one platform thread, not a virtual one: it is the single, always-busy consumer of the
 * queue under load, and on a platform thread the OS schedules it like the writer, instead of it queueing
 * behind thousands of connection threads for the carriers. It is a daemon: it holds nothing durable.
 */
public final class EventHub implements CommitSink<Event>, MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    /**
     * Events that may wait for the dispatcher: a few seconds of the heaviest append load measured (≈ 50 000
     * events/s), so a burst is absorbed and only a dispatcher that has stopped moving forces overflows.
     */
    static final int CAPACITY = 131_072;
    /**
     * How long a write's caller waits for its events to be delivered: far beyond a healthy dispatcher's delay
     * (microseconds; milliseconds for a burst to thousands of subscribers), short enough that a stuck listener
     * costs the writes of one such wait before acknowledgments stop waiting.
     */
    static final Duration ACK_WAIT = Duration.ofSeconds(1);
    /** How long {@link #close} lets the dispatcher deliver what was handed over before it interrupts it. */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    /** A subscriber of the live feed; both methods run on the dispatcher thread and must not block. */
    public interface Listener {
        /** Events of one commit, in {@code seq} order. */
        void onEvents(List<Event> events);

        /**
         * Events were committed that this listener will never be handed (the dispatcher fell too far behind);
         * anything it is handed from now on was committed after them. Recover from the table.
         */
        void onGap();
    }

    /** What the dispatcher takes from the queue. */
    private sealed interface Work {}

    /** One commit's events, handed over at {@code since} (nanoTime); {@code delivered} opens once every listener has had them. */
    private record Batch(List<Event> events, long since, CountDownLatch delivered) implements Work {}

    /** Events were not handed over: every listener must hear of it before the next batch. */
    private record Gap() implements Work {}

    private record Stop() implements Work {}

    private static final Gap GAP = new Gap();

    private final int capacity;
    private final Duration ackWait;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    /** Events handed over and not yet delivered to every listener (the queue depth gauge; the bound). */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final Thread dispatcher;
    /** Whether the last thing queued is a Gap; only read and written under the hand-over's lock. */
    private boolean gapQueued;
    private volatile boolean stalled;
    private volatile boolean closed;

    public EventHub() {
        this(CAPACITY, ACK_WAIT);
    }

    EventHub(int capacity, Duration ackWait) {
        this.capacity = capacity;
        this.ackWait = ackWait;
        this.dispatcher = Thread.ofPlatform().name("event-dispatch").daemon(true).start(this::dispatch);
    }

    public AutoCloseable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Subscribes a listener of single events that can do without the events of a gap (they are logged, not
     * redelivered): for listeners with their own way to catch up, not for streams.
     */
    public AutoCloseable subscribe(Consumer<Event> listener) {
        return subscribe(new Listener() {
            @Override
            public void onEvents(List<Event> events) {
                events.forEach(listener);
            }

            @Override
            public void onGap() {
                // nothing to recover: the caller chose a listener that tolerates missed events
            }
        });
    }

    /**
     * Hands one commit's events to the dispatcher: O(1), never blocks. Called by the writer after each commit;
     * synchronized only so that {@link #gapQueued} stays right should anyone else publish.
     */
    @Override
    public synchronized Runnable committed(List<Event> events) {
        if (closed) return null; // the store is closed before the hub: nothing is listening any more
        int n = events.size();
        int before = pending.getAndAdd(n);
        if (before > 0 && before + n > capacity) {
            pending.addAndGet(-n);
            dropped.addAndGet(n);
            // One Gap after each run of dropped batches suffices: while this queue is non-empty (before > 0) the
            // Gap already queued last has not been taken yet, so it reaches every listener after this drop too.
            if (!gapQueued) {
                gapQueued = true;
                queue.add(GAP);
                log.warn("event dispatch is {} events behind: live subscribers will overflow and resume from the "
                        + "table (seq {} onwards)", before, events.getFirst().seq());
            }
            return null;
        }
        // Listeners share the list: read-only for them.
        var batch = new Batch(Collections.unmodifiableList(events), System.nanoTime(), new CountDownLatch(1));
        queue.add(batch);
        gapQueued = false;
        // Nobody to wait for when nobody listens yet: whoever subscribes later reads the table for it.
        return stalled || listeners.isEmpty() ? null : () -> awaitDelivered(batch);
    }

    /** The barrier of a write's caller: waits, bounded, until its batch reached every listener. */
    private void awaitDelivered(Batch batch) {
        // A listener that writes (it shouldn't) must not wait for its own delivery.
        if (stalled || Thread.currentThread() == dispatcher) return;
        try {
            if (!batch.delivered().await(ackWait.toNanos(), TimeUnit.NANOSECONDS) && !stalled) {
                stalled = true;
                log.warn("event dispatch is stalled ({} events waiting for over {}): acknowledging writes without "
                        + "waiting for live delivery until it catches up", pending.get(), ackWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the write is committed; the caller just stops waiting
        }
    }

    private void dispatch() {
        while (true) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                log.warn("event dispatch interrupted with {} events undelivered", pending.get());
                return;
            }
            try {
                switch (work) {
                    case Batch b -> deliver(b);
                    case Gap g -> {
                        gaps.incrementAndGet();
                        for (Listener l : listeners) call(l, null);
                    }
                    case Stop s -> {
                        return;
                    }
                }
            } catch (Throwable t) {
                // A dead dispatcher would silently end live delivery for everyone: log, and go on with the next.
                log.error("event dispatch failed", t);
            }
        }
    }

    private void deliver(Batch b) {
        try {
            for (Listener l : listeners) call(l, b.events());
        } finally {
            pending.addAndGet(-b.events().size());
            b.delivered().countDown();
        }
        if (stalled && System.nanoTime() - b.since() < ackWait.toNanos()) {
            stalled = false;
            log.info("event dispatch caught up: writes wait for live delivery again");
        }
    }

    /** One listener's call; a failing listener is logged and skipped, never stops the others. */
    private static void call(Listener l, List<Event> events) {
        try {
            if (events == null) l.onGap();
            else l.onEvents(events);
        } catch (RuntimeException e) {
            if (events == null) log.error("event listener failed on a gap", e);
            else log.error("event listener failed on seq {}..{}", events.getFirst().seq(), events.getLast().seq(), e);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("switchboard.events.dispatch.queue", pending, AtomicInteger::get)
                .description("Committed events waiting to be handed to live subscribers")
                .baseUnit("events")
                .register(registry);
        FunctionCounter.builder("switchboard.events.dispatch.dropped", dropped, AtomicLong::get)
                .description("Committed events not handed to live subscribers because the dispatcher was too far "
                        + "behind (its subscribers resumed from the table)")
                .baseUnit("events")
                .register(registry);
        FunctionCounter.builder("switchboard.events.dispatch.gaps", gaps, AtomicLong::get)
                .description("Times every live subscriber was forced to overflow because events were dropped")
                .register(registry);
    }

    /**
     * Stops after delivering what was handed over (called once the store is closed, so nothing more comes),
     * waiting at most {@link #DRAIN_WAIT} for a stuck listener before interrupting the dispatcher. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(new Stop());
        }
        try {
            if (!dispatcher.join(DRAIN_WAIT)) {
                dispatcher.interrupt();
                log.warn("event dispatch did not drain within {}; stopped with {} events undelivered", DRAIN_WAIT,
                        pending.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether writes are acknowledged without waiting for delivery (the dispatcher was found stalled). */
    boolean stalled() {
        return stalled;
    }

    /** Whether {@link #close} has begun. */
    boolean closing() {
        return closed;
    }

    /** Whether the dispatcher thread is still running (false once {@link #close} returned). */
    boolean dispatching() {
        return dispatcher.isAlive();
    }
}
