package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guarantee dashboards rely on: whatever the moment a subscriber reconnects, with {@code Last-Event-ID} it
 * receives every committed event after it, once, in order, while writers keep committing. Subscribers hang up
 * after a random number of events (sometimes none) and wait a random moment before reconnecting, so resumes
 * land in replays, at the switch to live, and in live delivery. (The buffer-overflow paths are driven
 * deterministically in {@link EventStreamTest}; an overflow here is handled as a client would: resume.)
 */
@EachStore
class EventResumeTest {
    static final int WRITERS = 8;
    static final int APPENDS_PER_WRITER = 120;
    static final int SUBSCRIBERS = 4;
    static final int RECONNECTS_PER_SUBSCRIBER = 25;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.buffer", 32));



    /** What one subscriber received, and how often it reconnected. */
    record Received(List<Long> seqs, int reconnects, int overflows) {}

    @Test
    void subscribers_reconnecting_at_random_points_see_exactly_the_committed_sequence() throws Exception {
        Http api = server.admin();
        long start = CommittedEvents.head(server.db());
        var keys = new ArrayList<String>();
        for (int i = 0; i < 16; i++) {
            String key = "resume:" + i;
            assertThat(api.post("/v1/sessions", Map.of("key", key)).status()).isEqualTo(201);
            keys.add(key);
        }

        var writersDone = new AtomicBoolean();
        var subscribers = new ArrayList<CompletableFuture<Received>>();
        for (int s = 0; s < SUBSCRIBERS; s++) {
            subscribers.add(CompletableFuture.supplyAsync(() -> subscribe(start, writersDone), runnable -> Thread.ofVirtual().start(runnable)));
        }
        var writers = new ArrayList<CompletableFuture<Void>>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                var random = ThreadLocalRandom.current();
                for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                    String key = keys.get(random.nextInt(keys.size()));
                    var r = random.nextInt(10) == 0
                            ? api.patch("/v1/sessions/" + Http.seg(key), Map.of("metadata", Map.of("n", random.nextLong())))
                            : api.post("/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "user", "content", "m" + i));
                    if (r.status() >= 300) throw new AssertionError("write failed: " + r);
                }
            }, runnable -> Thread.ofVirtual().start(runnable)));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
        writersDone.set(true);

        List<Long> committed = CommittedEvents.seqsAfter(server.db(), start);
        assertThat(committed).hasSizeGreaterThanOrEqualTo(16 + WRITERS * APPENDS_PER_WRITER);
        int reconnects = 0;
        for (var subscriber : subscribers) {
            Received received = subscriber.get();
            assertThat(received.seqs()).as("no gap, no duplicate, in order").isEqualTo(committed);
            reconnects += received.reconnects();
        }
        assertThat(reconnects).isGreaterThanOrEqualTo(100);
    }

    /**
     * Reads a random number of events (sometimes none), hangs up, and reconnects as an EventSource would
     * (same URL, {@code Last-Event-ID} of the last event), until the writers are done and it has caught up.
     */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // a browser's reconnect delay: lets the subscriber fall behind the writers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Received subscribe(long start, AtomicBoolean writersDone) {
        var random = ThreadLocalRandom.current();
        var seqs = new ArrayList<Long>();
        long last = start;
        int reconnects = -1;
        int overflows = 0;
        while (true) {
            reconnects++;
            if (random.nextInt(4) == 0) pause(random.nextInt(100));
            try (var sse = SseClient.connect(server.url() + "/v1/events?after=" + start, server.adminToken(), Long.toString(last))) {
                if (sse.status() != 200) throw new AssertionError("stream refused: " + sse.errorResponse());
                int budget = random.nextInt(41);
                for (int n = 0; n < budget; n++) {
                    SseClient.Event e = sse.next(Duration.ofSeconds(2));
                    if (e == null) {
                        if (writersDone.get() && reconnects >= RECONNECTS_PER_SUBSCRIBER && last == CommittedEvents.head(server.db())) {
                            return new Received(seqs, reconnects, overflows);
                        }
                        break;
                    }
                    if (e.event().equals("overflow")) {
                        overflows++;
                        last = e.seq(); // resume from the position it names
                        break;
                    }
                    if (e.event().equals("reset") || e.event().equals("closed")) throw new AssertionError("unexpected " + e);
                    seqs.add(e.seq());
                    last = e.seq();
                }
            }
        }
    }
}
