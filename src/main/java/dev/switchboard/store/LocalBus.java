package dev.switchboard.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterBus} of a single-process store (SQLite): messages go to this process's subscribers after the
 * commit, in commit order, on one delivery thread (so a subscriber never runs on, or holds up, the writer).
 */
public final class LocalBus implements ClusterBus {
    private static final Logger log = LoggerFactory.getLogger(LocalBus.class);
    /** Messages are rare (revocations, policy changes, aborts); this many waiting means the delivery thread is stuck. */
    private static final int CAPACITY = 10_000;

    private record Message(String topic, String payload) {}

    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread = Thread.ofPlatform().name("local-bus").daemon(true).unstarted(this::deliver);
    private volatile boolean closed;

    @Override
    public void publish(Tx tx, String topic, String payload) {
        tx.afterCommit(() -> {
            if (!queue.offer(new Message(topic, payload))) log.error("bus delivery is stuck: dropped a {} message", topic);
        });
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void onResync(Runnable action) {
        // one process: nothing is ever missed
    }

    @Override
    public synchronized void start() {
        if (!thread.isAlive() && !closed) thread.start();
    }

    private void deliver() {
        while (!closed) {
            Message m;
            try {
                m = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            for (Consumer<String> l : listeners.getOrDefault(m.topic(), List.of())) {
                try {
                    l.accept(m.payload());
                } catch (RuntimeException e) {
                    log.error("bus listener for {} failed", m.topic(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
