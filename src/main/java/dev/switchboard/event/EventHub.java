package dev.switchboard.event;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live fan-out of committed events to in-process subscribers. Called on the writer thread after each
 * commit, in sequence order, so listeners must only enqueue (never block or do I/O).
 */
public final class EventHub {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(Event event) {
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.error("event listener failed on seq {}", event.seq(), e);
            }
        }
    }
}
