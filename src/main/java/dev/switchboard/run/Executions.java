package dev.switchboard.run;

import dev.switchboard.session.Session;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs executing in this server process, so aborts, live directives and shutdown reach them. A run is
 * registered by the thread that drives its adapter and removed by that thread, in a {@code finally}, after
 * its end was recorded (or recording it failed); {@code done} completes then.
 */
final class Executions {
    /**
     * A run being executed here, by {@code thread}; {@code feed} takes the directives created meanwhile (used
     * only by {@code jsonl} process agents).
     */
    record Execution(Run run, Session session, Adapter adapter, StopSignal stop, DirectiveFeed feed, Thread thread,
                     CompletableFuture<Void> done) {}

    private final Map<String, Execution> byRun = new ConcurrentHashMap<>();

    Executions(MeterRegistry metrics) {
        Gauge.builder("switchboard.runs.executing", byRun, Map::size)
                .description("Runs executing (or supervised after a restart) in this server process")
                .register(metrics);
    }

    void add(Execution x) {
        byRun.put(x.run().id(), x);
    }

    void remove(Execution x) {
        byRun.remove(x.run().id(), x);
        x.feed().close();
        x.done().complete(null);
    }

    /** Asks a run executing here to stop; nothing when it isn't. */
    void stop(String runId, StopSignal.Reason reason) {
        Execution x = byRun.get(runId);
        if (x != null) x.stop().stop(reason);
    }

    /** Completes when the run, if executing here, has recorded its end. */
    CompletableFuture<Void> done(String runId) {
        Execution x = byRun.get(runId);
        return x == null ? CompletableFuture.completedFuture(null) : x.done();
    }

    Collection<Execution> all() {
        return byRun.values();
    }

    boolean contains(String runId) {
        return byRun.containsKey(runId);
    }

    boolean isEmpty() {
        return byRun.isEmpty();
    }

    int size() {
        return byRun.size();
    }
}
