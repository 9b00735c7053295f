package dev.switchboard.run;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per session with runs to do, so a session never has two runs executing. {@link #kick} after
 * committing a run, or granting its next run a slot, wakes (or starts) the session's worker; the worker drains
 * the session's queue from the database and exits when it is empty or its next run waits for a slot. Nothing
 * is held for idle or waiting sessions.
 *
 * <p>No wake-up is lost: the map entry's {@code again} flag is set atomically (under
 * {@link ConcurrentHashMap#compute}) by a kick that finds the worker busy, and the worker only removes the
 * entry — in the same atomic step — when no kick came since its last look at the queue. A kick after the
 * removal starts a new worker, which then sees the committed run.
 */
final class SessionLanes {
    private static final Logger log = LoggerFactory.getLogger(SessionLanes.class);

    private static final class Lane {
        boolean again;
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Consumer<String> drain;

    /** @param drain runs the session's queued runs one after another until none is left */
    SessionLanes(Consumer<String> drain) {
        this.drain = drain;
    }

    void kick(String key) {
        boolean[] start = {false};
        lanes.compute(key, (k, lane) -> {
            if (lane == null) {
                start[0] = true;
                return new Lane();
            }
            lane.again = true;
            return lane;
        });
        if (start[0]) Thread.ofVirtual().name("run-lane").start(() -> work(key));
    }

    private void work(String key) {
        while (true) {
            try {
                drain.accept(key);
            } catch (RuntimeException e) {
                log.error("session {}: run queue worker failed; it resumes on the next run or restart", key, e);
            }
            boolean[] done = {false};
            lanes.compute(key, (k, lane) -> {
                if (lane.again) {
                    lane.again = false;
                    return lane;
                }
                done[0] = true;
                return null;
            });
            if (done[0]) return;
        }
    }

    boolean idle() {
        return lanes.isEmpty();
    }
}
