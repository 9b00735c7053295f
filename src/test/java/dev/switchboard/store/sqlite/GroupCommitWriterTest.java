package dev.switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.GroupCommitWriter;
import dev.switchboard.store.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-committing writer on SQLite: bounded queue waits, and a shutdown that drains what came before it. */
class GroupCommitWriterTest {
    @TempDir
    Path dir;

    private Connection open(String name) throws java.sql.SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        try (var s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE IF NOT EXISTS t (v INTEGER)");
        }
        return c;
    }

    private GroupCommitWriter writer(String name, Duration queueWait) throws Exception {
        return new GroupCommitWriter("test-writer", name, () -> open(name), SqliteDatabase.SQLITE_BATCHES,
                SqliteFailures.INSTANCE, new SimpleMeterRegistry(), queueWait);
    }

    private long count(String name) throws Exception {
        try (Connection c = open(name); var rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_write_that_waits_too_long_in_the_queue_is_withdrawn_answered_503_and_never_applied() throws Exception {
        var writer = writer("w.db", Duration.ofMillis(200));
        var busy = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> blocker = pool.submit(() -> writer.submit(tx -> {
                busy.countDown();
                hold(release);
                return tx.update("INSERT INTO t (v) VALUES (1)");
            }));
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> writer.submit(tx -> tx.update("INSERT INTO t (v) VALUES (2)")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("was not applied")
                    .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
            release.countDown();
            blocker.get(5, TimeUnit.SECONDS);
        }
        writer.close();
        assertThat(count("w.db")).as("only the first write").isEqualTo(1);
    }

    @Test
    void close_applies_what_was_queued_before_it_and_refuses_what_comes_after() throws Exception {
        var writer = writer("c.db", GroupCommitWriter.QUEUE_WAIT);
        var busy = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var results = new ArrayList<Future<Integer>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            results.add(pool.submit(() -> writer.submit(tx -> {
                busy.countDown();
                hold(release);
                return tx.update("INSERT INTO t (v) VALUES (0)");
            })));
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 50; i++) {
                int v = i;
                results.add(pool.submit(() -> writer.submit(tx -> tx.update("INSERT INTO t (v) VALUES (?)", v))));
            }
            while (writer.queued() < 50) Thread.onSpinWait();
            Future<?> closing = pool.submit(writer::close);
            while (writer.alive()) Thread.onSpinWait(); // close() has begun: the marker is behind the 50
            assertThatThrownBy(() -> writer.submit(tx -> tx.update("INSERT INTO t (v) VALUES (-1)")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("shutting down");
            release.countDown();
            closing.get(10, TimeUnit.SECONDS);
            for (var r : results) assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(count("c.db")).isEqualTo(51);
    }

    @Test
    void writes_racing_close_never_hang_each_commits_or_is_refused() throws Exception {
        for (int round = 0; round < 30; round++) {
            var writer = writer("r" + round + ".db", GroupCommitWriter.QUEUE_WAIT);
            var outcomes = new ArrayList<Future<String>>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 40; i++) {
                    outcomes.add(pool.submit(() -> {
                        try {
                            writer.submit(tx -> tx.update("INSERT INTO t (v) VALUES (1)"));
                            return "committed";
                        } catch (StoreException e) {
                            return "refused";
                        }
                    }));
                }
                pool.submit(writer::close);
                long committed = 0;
                for (var o : outcomes) if (o.get(10, TimeUnit.SECONDS).equals("committed")) committed++;
                assertThat(count("r" + round + ".db")).isEqualTo(committed);
            }
        }
    }
}
