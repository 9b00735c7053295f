package dev.switchboard.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Bounds how many runs of each agent execute at once ({@code max_concurrent}). A run that finds its agent's
 * slots taken stays {@code queued} and holds nothing while it waits — no thread, no polling: it joins the
 * agent's waiting line, its lane ends, and when a slot frees the first run in line is <em>granted</em> it and
 * its session's lane is woken ({@code wake}), which then {@link #take takes} the granted slot. First come,
 * first served, per agent.
 *
 * <p><b>Who releases what.</b> A {@link Permit} is released exactly once, by the lane that holds it, as soon as
 * the run's adapter has returned (or its start failed). A grant that is never taken — the run ended while
 * waiting, e.g. aborted — is released by {@link #forget}, which {@link RunCompletion} calls after any run's
 * end has committed; {@code forget} also takes the run out of the line. Every run that waits either ends
 * (then {@code forget}) or stays its session's next run (its lane is woken by the grant and takes it), so no
 * slot is lost. A run leaves the head of its session only by ending: a preempting send aborts it.
 *
 * <p>The limit is read from the agent's definition on every {@link #take}: raised, it grants waiting runs at
 * once; lowered, runs holding slots finish and the new limit holds from then on.
 */
final class AgentSlots {
    /** A held slot; {@link #close} releases it, once (later calls do nothing). */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Pool {
        int max;
        int used;
        /** Run id → session key, in arrival order. */
        final LinkedHashMap<String, String> waiting = new LinkedHashMap<>();
        /** Runs granted a slot (counted in {@code used}) whose lane has not taken it yet. */
        final Set<String> granted = new HashSet<>();
    }

    private final Map<String, Pool> pools = new HashMap<>(); // guarded by this: every operation is a few map updates
    private final Consumer<String> wake;

    /** @param wake wakes the lane of the session with this key (called outside this class's lock) */
    AgentSlots(Consumer<String> wake) {
        this.wake = wake;
    }

    /** A slot for run {@code runId} of session {@code key}; null when it has to wait (its lane is woken later). */
    Permit take(Agent agent, String runId, String key) {
        Permit permit = null;
        List<String> toWake;
        synchronized (this) {
            Pool pool = pools.computeIfAbsent(agent.id(), id -> new Pool());
            pool.max = agent.spec().maxConcurrent();
            toWake = grant(pool);
            if (pool.granted.remove(runId)) {
                permit = permit(pool);
                toWake.remove(key);
            } else if (pool.used < pool.max && pool.waiting.isEmpty()) {
                pool.used++;
                permit = permit(pool);
            } else {
                pool.waiting.putIfAbsent(runId, key);
            }
        }
        toWake.forEach(wake);
        return permit;
    }

    /**
     * A slot for a process re-attached after a restart: it is running already, so it takes a slot if one is
     * free and otherwise runs over the limit rather than being stopped.
     */
    Permit forReattached(Agent agent) {
        synchronized (this) {
            Pool pool = pools.computeIfAbsent(agent.id(), id -> new Pool());
            pool.max = agent.spec().maxConcurrent();
            if (pool.used >= pool.max) return () -> {};
            pool.used++;
            return permit(pool);
        }
    }

    /** The run has ended: it leaves any waiting line, and a slot granted to it and not taken goes to the next. */
    void forget(String runId) {
        var toWake = new ArrayList<String>();
        synchronized (this) {
            for (Pool pool : pools.values()) {
                pool.waiting.remove(runId);
                if (pool.granted.remove(runId)) {
                    pool.used--;
                    toWake.addAll(grant(pool));
                }
            }
        }
        toWake.forEach(wake);
    }

    /** How many runs wait for a slot of any agent (not counting those granted one). */
    synchronized int waiting() {
        return pools.values().stream().mapToInt(p -> p.waiting.size()).sum();
    }

    private Permit permit(Pool pool) {
        var released = new AtomicBoolean();
        return () -> {
            if (!released.compareAndSet(false, true)) return;
            List<String> toWake;
            synchronized (this) {
                pool.used--;
                toWake = grant(pool);
            }
            toWake.forEach(wake);
        };
    }

    /** Grants free slots to the first runs in line; returns the sessions to wake. Call holding the lock. */
    private static List<String> grant(Pool pool) {
        var toWake = new ArrayList<String>();
        var line = pool.waiting.entrySet().iterator();
        while (pool.used < pool.max && line.hasNext()) {
            var next = line.next();
            line.remove();
            pool.used++;
            pool.granted.add(next.getKey());
            toWake.add(next.getValue());
        }
        return toWake;
    }
}
