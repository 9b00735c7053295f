package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteStores;
import dev.switchboard.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay-then-live engine on a real SQLite store, driven step by step so the interleavings that are rare
 * over HTTP (the live buffer overflowing mid-replay, retention pruning past a replaying subscriber, a slow
 * consumer once live) happen exactly when the test says.
 */
class EventStreamTest {
    static final int BUFFER = 4;
    static final Caller ADMIN = new Caller("t", "admin", Set.of(Scope.ADMIN), null, null, null, null, false);

    static Path dir;
    static SqliteDatabase db;
    static EventStore store;
    static EventLog log;
    static EventService events;
    static MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("switchboard-events");
        db = new SqliteDatabase(dir.resolve("events.db"), 2, new SimpleMeterRegistry());
        var stores = SqliteStores.open();
        store = stores.events();
        log = new EventLog(store, new EventHub());
        var config = new SwitchboardConfig.Events(Duration.ofDays(7), Duration.ofSeconds(15), BUFFER, 100);
        events = new EventService(db, stores.events(), log.hub(), config, new EventMetrics(new SimpleMeterRegistry()), clock);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Commits {@code n} events (one transaction each) and returns their seqs. */
    static List<Long> append(int n) {
        var seqs = new ArrayList<Long>();
        for (int i = 0; i < n; i++) {
            seqs.add(db.write(tx -> log.append(tx, EventType.SESSION_UPDATED, "k", "telegram", "main", clock.millis(),
                    Map.of("i", 1))).seq());
        }
        return seqs;
    }

    static long head() {
        return db.read(tx -> store.head(tx));
    }

    static EventStream.Item next(EventStream s) throws InterruptedException {
        return s.next(Duration.ofMillis(200));
    }

    static long delivered(EventStream.Item item) {
        assertThat(item).isInstanceOf(EventStream.Item.Delivery.class);
        return ((EventStream.Item.Delivery) item).event().seq();
    }

    @Test
    void a_buffer_overflowing_during_replay_is_refilled_from_the_table_without_loss() throws Exception {
        long start = head();
        List<Long> expected = new ArrayList<>(append(3));
        try (var stream = events.open(ADMIN, EventFilter.ALL, start, "sse")) {
            var seen = new ArrayList<Long>();
            seen.add(delivered(next(stream))); // replaying: the first page is loaded
            expected.addAll(append(BUFFER * 3)); // the live buffer overflows meanwhile
            while (seen.size() < expected.size()) seen.add(delivered(next(stream)));
            assertThat(seen).isEqualTo(expected);
            assertThat(next(stream)).isInstanceOf(EventStream.Item.Idle.class);
            expected.addAll(append(1)); // and it is live now
            assertThat(delivered(next(stream))).isEqualTo(expected.getLast());
        }
    }

    @Test
    void a_consumer_falling_behind_once_live_gets_overflow_with_its_position_and_resumes_losslessly() throws Exception {
        long start = head();
        var expected = new ArrayList<Long>();
        var seen = new ArrayList<Long>();
        long resumeAt;
        try (var stream = events.open(ADMIN, EventFilter.ALL, start, "sse")) {
            assertThat(next(stream)).isInstanceOf(EventStream.Item.Idle.class); // caught up: live
            expected.addAll(append(2));
            seen.add(delivered(next(stream)));
            expected.addAll(append(BUFFER + 1)); // more than the buffer while the consumer is busy
            var item = next(stream);
            assertThat(item).isEqualTo(new EventStream.Item.Overflow(seen.getLast()));
            assertThat(next(stream)).as("overflow is final").isEqualTo(item);
            resumeAt = ((EventStream.Item.Overflow) item).seq();
        }
        try (var resumed = events.open(ADMIN, EventFilter.ALL, resumeAt, "sse")) {
            while (seen.size() < expected.size()) seen.add(delivered(next(resumed)));
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void events_outside_the_filter_or_the_grants_never_fill_the_buffer() throws Exception {
        var slackOnly = new Caller("t2", "slack", Set.of(Scope.SESSIONS_READ), Set.of("slack"), null, null, null, false);
        try (var stream = events.open(slackOnly, EventFilter.ALL, null, "sse")) {
            assertThat(next(stream)).isInstanceOf(EventStream.Item.Idle.class);
            append(BUFFER * 3); // all in telegram
            assertThat(next(stream)).isInstanceOf(EventStream.Item.Idle.class);
        }
    }

    @Test
    void terminate_wakes_a_waiting_consumer_at_once() throws Exception {
        try (var stream = events.open(ADMIN, EventFilter.ALL, null, "sse")) {
            Thread.ofVirtual().start(() -> stream.terminate(CloseReason.TOKEN_REVOKED));
            long started = System.nanoTime();
            var item = stream.next(Duration.ofSeconds(30));
            assertThat(item).isInstanceOf(EventStream.Item.Closed.class);
            assertThat(((EventStream.Item.Closed) item).reason()).isEqualTo(CloseReason.TOKEN_REVOKED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void retention_pruning_past_a_replaying_subscriber_resets_it_to_the_head() throws Exception {
        long start = head();
        append(EventStream.PAGE + 10);
        try (var stream = events.open(ADMIN, EventFilter.ALL, start, "sse")) {
            long first = delivered(next(stream)); // the first page is in memory now
            clock.advance(Duration.ofDays(8));
            append(1);
            assertThat(events.prune()).isGreaterThanOrEqualTo(EventStream.PAGE + 10);
            for (int i = 1; i < EventStream.PAGE; i++) assertThat(delivered(next(stream))).isEqualTo(first + i);
            var reset = next(stream);
            assertThat(reset).isInstanceOf(EventStream.Item.Reset.class);
            var r = (EventStream.Item.Reset) reset;
            assertThat(r.seq()).isEqualTo(head());
            assertThat(r.reason()).isEqualTo("retention");
            assertThat(r.requestedAfter()).isEqualTo(first + EventStream.PAGE - 1);
            assertThat(next(stream)).isInstanceOf(EventStream.Item.Idle.class);
        }
    }
}
