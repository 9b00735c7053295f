package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code clients} virtual threads each issue one operation after another (the next starts
 * when the previous answered, as an agent waiting for its ack would). After a warm-up, operations that
 * <em>start</em> inside the measurement window are counted and their latencies recorded; no thread starts a
 * new operation after the window closes.
 */
public final class LoadRunner {

    /** One operation by simulated client {@code client}; returns false for an error answer (counted, not timed). */
    @FunctionalInterface
    public interface Op {
        boolean call(int client, long iteration) throws Exception;
    }

    /**
     * @param ops       successful operations started inside the window
     * @param errors    operations that answered with an error or threw
     * @param window    the measurement window's nominal length
     * @param firstError the first failure's description, to show in the report
     */
    public record Result(long ops, long errors, Duration window, Latencies.Summary latencies, Window.Figures figures,
                         String firstError) {
        public double perSecond() {
            return ops / (window.toNanos() / 1e9);
        }
    }

    private LoadRunner() {}

    public static Result run(int clients, Duration warmup, Duration measure, ServerProcess server, Op op) {
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + measure.toNanos();
        var errors = new AtomicLong();
        var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        var perClient = new ArrayList<Latencies>(clients);
        var threads = new ArrayList<Thread>(clients);
        for (int c = 0; c < clients; c++) {
            var lat = new Latencies();
            perClient.add(lat);
            int client = c;
            threads.add(Thread.ofVirtual().name("client-" + c).start(() -> {
                long i = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) break;
                    boolean ok;
                    try {
                        ok = op.call(client, i++);
                    } catch (Exception | AssertionError e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= start) {
                        if (ok) lat.add(t1 - t0);
                        else errors.incrementAndGet();
                    }
                }
            }));
        }
        Window window = sleepUntil(start) ? Window.open(server) : null;
        sleepUntil(end);
        Window.Figures figures = window == null ? Window.Figures.NONE : window.close();
        joinAll(threads);
        var all = new Latencies();
        for (Latencies l : perClient) all.addAll(l);
        Latencies.Summary summary = all.summary();
        return new Result(summary.count(), errors.get(), measure, summary, figures, firstError.get());
    }

    private static boolean sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
