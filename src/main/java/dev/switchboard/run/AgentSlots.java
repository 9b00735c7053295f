package dev.switchboard.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds how many runs of each agent execute at once ({@code max_concurrent}). A run waiting for a slot
 * stays {@code queued}; it is never rejected. When an agent's {@code max_concurrent} changes, new runs use
 * a fresh semaphore while runs already holding a slot release it to the old one, so the new limit is
 * exact once those finish.
 */
final class AgentSlots {
    /** How often a waiting run checks whether it was aborted (or the server is stopping) meanwhile. */
    private static final long RECHECK_MS = 200;

    private record Slots(int max, Semaphore semaphore) {}

    /** A held slot; release exactly once. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<String, Slots> byAgent = new ConcurrentHashMap<>();

    private Slots slots(Agent agent) {
        int max = agent.spec().maxConcurrent();
        return byAgent.compute(agent.id(), (id, old) -> old != null && old.max() == max ? old
                : new Slots(max, new Semaphore(max, true)));
    }

    /** Waits for a slot; null when {@code cancelled} became true while waiting. */
    Permit acquire(Agent agent, BooleanSupplier cancelled) throws InterruptedException {
        Semaphore s = slots(agent).semaphore();
        while (!s.tryAcquire(RECHECK_MS, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) return null;
        }
        return s::release;
    }

    /**
     * A slot for a process re-attached after a restart: it is running already, so it takes a slot if one is
     * free and otherwise runs over the limit rather than being stopped.
     */
    Permit forReattached(Agent agent) {
        Semaphore s = slots(agent).semaphore();
        return s.tryAcquire() ? s::release : () -> {};
    }
}
