package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.store.StoreException;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run that is to start while the store's write queue is full (the real writer, held by one long write, its
 * queue filled by real waiting writes) keeps trying with backoff and starts once the queue drains, instead of
 * failing for good; the run that ended meanwhile records its end the same way.
 */
@EachStore
class StoreBusyRunTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    static RunClient c;

    /** The test holds the node's one writer thread (either store's GroupCommitWriter) and fills its bounded queue. */
    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    @Test
    void a_run_whose_start_meets_a_full_write_queue_retries_and_starts_once_it_drains() throws Exception {
        Path gate = Files.createTempDirectory("gate").resolve("go");
        c.putAgent("gated", bashAgent("wait_for_file.sh", List.of(gate.toString()), Map.of("max_concurrent", 1)));
        String first = c.start(c.session("busy-first"), "hold the slot", null, "gated");
        await().atMost(Duration.ofSeconds(15)).until(() -> c.run(first).hasNonNull("pid"));
        String second = c.start(c.session("busy-second"), "then me", null, "gated");

        var release = new CountDownLatch(1);
        holdTheWriterAndFillItsQueue(release);
        try {
            // The first run's agent ends: the second gets the slot and meets the full queue at its start.
            Files.createFile(gate);
            await().atMost(Duration.ofSeconds(20)).until(() -> c.metric("switchboard_runs_store_retries_total", "step=\"start\"") >= 1
                    && c.metric("switchboard_runs_store_retries_total", "step=\"end\"") >= 1);
            assertThat(c.run(second).path("status").asText()).isEqualTo("queued");
        } finally {
            release.countDown();
        }
        assertThat(c.awaitEnd(first).path("status").asText()).isEqualTo("succeeded");
        assertThat(c.awaitEnd(second).path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript("busy-second")).containsExactly("user: then me", "assistant: released");
    }

    /** Blocks the writer in one write until {@code release}, then queues waiting writes until the queue refuses one. */
    static void holdTheWriterAndFillItsQueue(CountDownLatch release) throws InterruptedException {
        var db = server.get().server().database();
        var holding = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> db.write(tx -> {
            holding.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        var full = new AtomicBoolean();
        while (!full.get()) {
            for (int i = 0; i < 1_000; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        db.write(tx -> null);
                    } catch (StoreException e) {
                        if (e.getMessage().contains("full")) full.set(true);
                    }
                });
            }
            Thread.yield();
        }
    }
}
