package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * One SSE subscriber on {@code GET /v1/events}, reading lines on its own virtual thread. It times every
 * probe event it receives against the moment the harness sent the append that produced it (both clocks are
 * this JVM's {@link System#nanoTime}), so no clock is shared between processes.
 */
final class SseSubscriber implements AutoCloseable {
    static final String PROBE = "bench-probe-";

    private final AtomicLongArray sentAt;
    private final Latencies latencies = new Latencies();
    private final Thread thread;
    private volatile Stream<String> lines;
    private volatile boolean receivedAny;
    private volatile int status;
    private volatile int probesReceived;
    private volatile String failure;

    SseSubscriber(HttpClient client, HttpRequest request, AtomicLongArray sentAt) {
        this.sentAt = sentAt;
        this.thread = Thread.ofVirtual().name("sse-subscriber").start(() -> read(client, request));
    }

    private void read(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<Stream<String>> r = client.send(request, HttpResponse.BodyHandlers.ofLines());
            status = r.statusCode();
            lines = r.body();
            if (status != 200) {
                lines.close();
                return;
            }
            lines.forEach(this::line);
        } catch (Exception e) {
            if (failure == null && !Thread.currentThread().isInterrupted()) failure = e.toString();
        }
    }

    private void line(String line) {
        if (!line.startsWith("data:")) return;
        long now = System.nanoTime();
        receivedAny = true;
        int at = line.indexOf(PROBE);
        if (at < 0) return;
        int from = at + PROBE.length();
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) to++;
        int n = Integer.parseInt(line, from, to, 10);
        long sent = sentAt.get(n);
        if (sent != 0) {
            synchronized (latencies) {
                latencies.add(now - sent);
            }
            probesReceived++; // only this subscriber's thread writes it
        }
    }

    boolean receivedAny() { return receivedAny; }

    int probesReceived() { return probesReceived; }

    int status() { return status; }

    String failure() { return failure; }

    Latencies latencies() {
        synchronized (latencies) {
            var copy = new Latencies();
            copy.addAll(latencies);
            return copy;
        }
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) l.close(); // cancels the body subscription, which closes the connection
        thread.interrupt();
    }
}
