package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteStores;
import dev.switchboard.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live fan-out off the writer thread ({@link EventHub}) on a real SQLite store: commit order for every listener
 * under concurrent writers, acknowledgment only after delivery, a blocked listener that neither stalls writes
 * nor makes streams skip anything, and a shutdown that delivers what was handed over. Each test gets its own
 * hub (some with a small queue and a short acknowledgment wait); the store is shared.
 */
class EventDispatchTest {
    static final Caller ADMIN = new Caller("t", "admin", Set.of(Scope.ADMIN), null, null, null, null, false);
    static final Duration WAIT = Duration.ofSeconds(30);

    static SqliteDatabase db;
    static EventStore store;
    static MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    @BeforeAll
    static void open() throws Exception {
        db = new SqliteDatabase(Files.createTempDirectory("switchboard-dispatch").resolve("events.db"), 4,
                new SimpleMeterRegistry());
        store = SqliteStores.open().events();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** A hub with its event log and subscription service. */
    record Wiring(EventHub hub, EventLog log, EventService events, SimpleMeterRegistry metrics) implements AutoCloseable {
        static Wiring of(EventHub hub, int buffer) {
            var metrics = new SimpleMeterRegistry();
            hub.bindTo(metrics);
            var config = new SwitchboardConfig.Events(Duration.ofDays(7), Duration.ofSeconds(15), buffer, 100);
            return new Wiring(hub, new EventLog(store, hub),
                    new EventService(db, store, hub, config, new EventMetrics(new SimpleMeterRegistry()), clock), metrics);
        }

        /** Commits {@code perWrite} events in one write unit; returns their seqs. */
        List<Long> write(String key, int perWrite) {
            return db.write(tx -> {
                var seqs = new ArrayList<Long>();
                for (int i = 0; i < perWrite; i++) {
                    seqs.add(log.append(tx, EventType.SESSION_UPDATED, key, "telegram", "main", clock.millis(), Map.of("i", i)).seq());
                }
                return seqs;
            });
        }

        /** A write unit that appends an event, then fails: rolled back, so its event must reach nobody. */
        void writeThenFail(String key) {
            try {
                db.write(tx -> {
                    log.append(tx, EventType.SESSION_UPDATED, key, "telegram", "main", clock.millis(), Map.of("doomed", true));
                    throw new IllegalStateException("rolled back on purpose");
                });
            } catch (IllegalStateException expected) {
                // the unit rolled back; the rest of its batch committed
            }
        }

        double counter(String name) {
            return metrics.get(name).functionCounter().count();
        }

        @Override
        public void close() {
            hub.close();
        }
    }

    static long head() {
        return db.read(tx -> store.head(tx));
    }

    static List<Long> committedAfter(long after) {
        var seqs = new ArrayList<Long>();
        long from = after;
        while (true) {
            long f = from;
            List<Event> page = db.read(tx -> store.page(tx, f, null, 500));
            if (page.isEmpty()) return seqs;
            page.forEach(e -> seqs.add(e.seq()));
            from = page.getLast().seq();
        }
    }

    /** A listener recording every seq it is handed, and its gaps. */
    static final class Recorder implements EventHub.Listener {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final CountDownLatch gap = new CountDownLatch(1);

        @Override
        public void onEvents(List<Event> events) {
            events.forEach(e -> seqs.add(e.seq()));
        }

        @Override
        public void onGap() {
            gap.countDown();
        }
    }

    /** Reads a stream to its end or until it has {@code until}; collects deliveries, returns the final item. */
    static EventStream.Item drain(EventStream stream, List<Long> into, long until) throws InterruptedException {
        while (true) {
            var item = stream.next(Duration.ofMillis(200));
            switch (item) {
                case EventStream.Item.Delivery d -> into.add(d.event().seq());
                case EventStream.Item.Idle idle -> {
                    if (!into.isEmpty() && into.getLast() >= until) return item;
                }
                default -> {
                    return item;
                }
            }
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void every_listener_and_stream_sees_commit_order_while_many_writers_commit_concurrently() throws Exception {
        try (var w = Wiring.of(new EventHub(), 100_000)) {
            long start = head();
            var recorders = List.of(new Recorder(), new Recorder(), new Recorder());
            for (var r : recorders) w.hub().subscribe(r);
            var streams = new ArrayList<EventStream>();
            for (int i = 0; i < 3; i++) streams.add(w.events().open(ADMIN, EventFilter.ALL, start, "sse"));

            // 16 writers, units of 1 to 3 events and some that roll back: the writer groups them into batches of
            // many units, and hands over only what committed.
            var writers = new ArrayList<CompletableFuture<Void>>();
            for (int t = 0; t < 16; t++) {
                int writer = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 60; i++) {
                        w.write("order:" + writer, 1 + i % 3);
                        if (i % 7 == 3) w.writeThenFail("order:" + writer);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            var readers = new ArrayList<CompletableFuture<List<Long>>>();
            for (var s : streams) {
                readers.add(CompletableFuture.supplyAsync(() -> {
                    var seen = new ArrayList<Long>();
                    try {
                        while (seen.size() < 16 * 60 * 2) {
                            if (s.next(Duration.ofMillis(200)) instanceof EventStream.Item.Delivery d) seen.add(d.event().seq());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return seen;
                }, r -> Thread.ofVirtual().start(r)));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            List<Long> committed = committedAfter(start);
            assertThat(committed).hasSize(16 * 60 * 2);
            // Every write was acknowledged only after its events reached every listener: nothing to wait for.
            for (var r : recorders) assertThat(r.seqs).isEqualTo(committed);
            for (var reader : readers) assertThat(reader.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(committed);
            streams.forEach(EventStream::close);
        }
    }

    @Test
    void an_acknowledged_write_has_already_reached_every_listener() {
        try (var w = Wiring.of(new EventHub(), 16)) {
            var first = new Recorder();
            var second = new Recorder();
            w.hub().subscribe(first);
            w.hub().subscribe(second);
            for (int i = 0; i < 100; i++) {
                List<Long> seqs = w.write("acked", 1 + i % 2);
                assertThat(first.seqs).endsWith(seqs.toArray(Long[]::new));
                assertThat(second.seqs).endsWith(seqs.toArray(Long[]::new));
            }
        }
    }

    @Test
    void streams_opened_while_committed_events_wait_for_the_dispatcher_see_each_of_them_exactly_once() throws Exception {
        try (var w = Wiring.of(new EventHub(100_000, Duration.ofMillis(50)), 100_000)) {
            long start = head();
            var release = new CountDownLatch(1);
            w.hub().subscribe(e -> awaitQuietly(release)); // holds the dispatcher: what commits now stays queued
            var queued = new ArrayList<Long>();
            for (int i = 0; i < 10; i++) queued.addAll(w.write("handover", 1));

            // Both register while those 10 are committed but undelivered: the table has them, and so will the buffer.
            var fromStart = w.events().open(ADMIN, EventFilter.ALL, start, "sse");
            var liveOnly = w.events().open(ADMIN, EventFilter.ALL, null, "sse");
            assertThat(liveOnly.position()).isEqualTo(queued.getLast());
            var later = new ArrayList<Long>();
            for (int i = 0; i < 10; i++) later.addAll(w.write("handover", 1));
            release.countDown();

            var seenFromStart = new ArrayList<Long>();
            assertThat(drain(fromStart, seenFromStart, later.getLast())).isInstanceOf(EventStream.Item.Idle.class);
            assertThat(seenFromStart).isEqualTo(committedAfter(start));
            var seenLive = new ArrayList<Long>();
            assertThat(drain(liveOnly, seenLive, later.getLast())).isInstanceOf(EventStream.Item.Idle.class);
            assertThat(seenLive).isEqualTo(later);
            fromStart.close();
            liveOnly.close();
        }
    }

    @Test
    void a_blocked_listener_does_not_stall_writes_and_the_streams_behind_it_resume_without_loss() throws Exception {
        // A queue of 64 events and a short acknowledgment wait, so the test drives both limits quickly.
        try (var w = Wiring.of(new EventHub(64, Duration.ofMillis(300)), 100_000)) {
            long start = head();
            var live = w.events().open(ADMIN, EventFilter.ALL, null, "sse");
            assertThat(live.next(Duration.ZERO)).isInstanceOf(EventStream.Item.Idle.class); // caught up: live
            var replaying = w.events().open(ADMIN, EventFilter.ALL, start, "sse");
            var blocked = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            w.hub().subscribe(e -> {
                blocked.countDown();
                awaitQuietly(release);
            });
            var recorder = new Recorder(); // registered last: when it hears of the gap, the streams have
            w.hub().subscribe(recorder);

            w.write("blocked", 1);
            assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // Writes keep being acknowledged with the dispatcher stuck: the queue fills, then batches are dropped.
            var writes = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 300; i++) w.write("blocked", 1);
            }, r -> Thread.ofVirtual().start(r));
            writes.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(release.getCount()).as("the listener was still blocked").isEqualTo(1);
            assertThat(w.counter("switchboard.events.dispatch.dropped")).isPositive();
            assertThat(w.metrics().get("switchboard.events.dispatch.queue").gauge().value()).isBetween(1.0, 64.0);

            release.countDown();
            assertThat(recorder.gap.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(w.counter("switchboard.events.dispatch.gaps")).isEqualTo(1);
            List<Long> committed = committedAfter(start);

            // The live stream is told it overflowed, at the last event it was handed: resuming from there is lossless.
            var seen = new ArrayList<Long>();
            var end = drain(live, seen, Long.MAX_VALUE);
            assertThat(end).isInstanceOf(EventStream.Item.Overflow.class);
            var overflow = (EventStream.Item.Overflow) end;
            assertThat(overflow.dispatch()).isTrue();
            assertThat(overflow.data().get("detail").toString()).contains("server's live event dispatch fell behind");
            assertThat(overflow.seq()).isEqualTo(seen.isEmpty() ? start : seen.getLast());
            try (var resumed = w.events().open(ADMIN, EventFilter.ALL, overflow.seq(), "sse")) {
                assertThat(drain(resumed, seen, committed.getLast())).isInstanceOf(EventStream.Item.Idle.class);
            }
            assertThat(seen).isEqualTo(committed);

            // The replaying stream was refilled from the table: everything, in order, no overflow.
            var replayed = new ArrayList<Long>();
            assertThat(drain(replaying, replayed, committed.getLast())).isInstanceOf(EventStream.Item.Idle.class);
            assertThat(replayed).isEqualTo(committed);

            // Live again: the next write reaches the replayed stream, and once the dispatcher has delivered a batch
            // promptly, writes wait for delivery again.
            long next = w.write("blocked", 1).getFirst();
            assertThat(drain(replaying, replayed, next)).isInstanceOf(EventStream.Item.Idle.class);
            assertThat(replayed).endsWith(next);
            await().atMost(WAIT).until(() -> !w.hub().stalled());
            long acked = w.write("blocked", 1).getFirst();
            assertThat(recorder.seqs).endsWith(acked);
            live.close();
            replaying.close();
        }
    }

    @Test
    void close_delivers_everything_handed_over_then_stops_the_dispatcher() throws Exception {
        var w = Wiring.of(new EventHub(100_000, Duration.ofMillis(50)), 16);
        var release = new CountDownLatch(1);
        w.hub().subscribe(e -> awaitQuietly(release)); // the first batch holds the dispatcher until close has begun
        var recorder = new Recorder();
        w.hub().subscribe(recorder);
        var written = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) written.addAll(w.write("closing", 1));
        assertThat(recorder.seqs).isEmpty(); // still queued behind the slow listener

        var closing = CompletableFuture.runAsync(w::close, r -> Thread.ofVirtual().start(r));
        await().atMost(WAIT).until(w.hub()::closing);
        release.countDown();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.seqs).isEqualTo(written);
        assertThat(w.hub().dispatching()).isFalse();
        assertThat(w.write("closing", 1)).as("writes still commit; nobody listens any more").hasSize(1);
        assertThat(recorder.seqs).isEqualTo(written);
    }
}
