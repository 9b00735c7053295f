package dev.switchboard.run;

import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.store.Database;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's live directives: those created while its {@code jsonl} agent runs, written to the agent's stdin
 * one after another by one virtual thread, from one bounded queue.
 *
 * <p><b>Order.</b> The event hub's one dispatcher hands committed events to {@link LiveDirectives} in
 * {@code seq} order, which {@link #offer}s them here in that order; the one consumer takes them first in, first
 * out — all that wait at once, recorded as delivered in one write — and then writes their lines in that order.
 * So stdin gets them in commit order.
 *
 * <p><b>Bound.</b> At most {@link #CAPACITY} directives wait. The queue only fills while the consumer is stuck
 * writing to a pipe the agent does not read; a directive that finds it full is not queued and stays
 * <em>pending</em> — like one created while no run executes — so it goes with the session's next run's input
 * (logged, counted as {@code switchboard.runs.directives.deferred}). Nothing is dropped or reordered.
 *
 * <p><b>Who ends the consumer.</b> {@link #close} (the run's executor, when the run ends, in a {@code finally}):
 * a stop marker, or — when the queue is full — the closed flag the consumer checks after each directive.
 * Directives still waiting then were never recorded as delivered: they stay pending. A consumer blocked
 * writing to the pipe is released when the agent exits and the pipe's reader is gone.
 */
final class DirectiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectiveFeed.class);
    /** Directives arrive one by one from people and tools; 32 waiting means the agent has stopped reading. */
    static final int CAPACITY = 32;

    private sealed interface Item {}

    private record Deliver(Directive directive) implements Item {}

    private record Stop() implements Item {}

    /** What feeds write with. */
    record Deps(Database db, DirectiveService directives, Counter deferred) {}

    private final String runId;
    private final String key;
    private final ProcessAdapter agent;
    private final Deps deps;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
    private Thread consumer;
    private volatile boolean closed;

    DirectiveFeed(String runId, String key, ProcessAdapter agent, Deps deps) {
        this.runId = runId;
        this.key = key;
        this.agent = agent;
        this.deps = deps;
    }

    /**
     * Queues {@code d} for the agent (on the hub's dispatcher thread: never blocks); false when it stays pending
     * instead (the queue is full, or the run has ended).
     */
    synchronized boolean offer(Directive d) {
        if (closed) return false;
        if (consumer == null) consumer = Thread.ofVirtual().name("run-directives-" + runId).start(this::consume);
        if (queue.offer(new Deliver(d))) return true;
        deps.deferred().increment();
        log.warn("run {}: {} live directives are waiting for the agent to read its stdin; directive {} stays pending "
                + "and goes with the session's next input", runId, CAPACITY, d.id());
        return false;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) queue.offer(new Stop()); // full: the consumer sees closed after its current directive
    }

    private void consume() {
        var batch = new ArrayList<Item>(CAPACITY);
        try {
            while (true) {
                batch.add(queue.take()); // ended by close(): see the class comment
                queue.drainTo(batch); // whatever waits too, recorded in the same write
                var directives = new ArrayList<Directive>(batch.size());
                for (Item item : batch) {
                    if (!(item instanceof Deliver(Directive d)) || closed) break;
                    directives.add(d);
                }
                deliver(directives);
                if (directives.size() < batch.size() || closed) return;
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the deliveries, then writes the lines in order (a directive is never written twice). */
    private void deliver(List<Directive> batch) {
        List<Directive> recorded;
        try {
            recorded = deps.db().write(tx -> {
                var out = new ArrayList<Directive>(batch.size());
                for (Directive d : batch) if (deps.directives().recordLiveDelivery(tx, d, key, runId)) out.add(d);
                return out;
            });
        } catch (RuntimeException e) {
            log.warn("run {}: recording the live delivery of {} directives failed; they stay pending: {}", runId,
                    batch.size(), e.toString());
            return;
        }
        for (Directive d : recorded) {
            if (!agent.sendLine(DirectiveText.directiveLine(d))) {
                log.warn("run {}: directive {} recorded as delivered but the agent's stdin had closed", runId, d.id());
            }
        }
    }
}
