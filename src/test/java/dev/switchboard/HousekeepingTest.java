package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HousekeepingTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void a_job_that_throws_an_error_runs_again_and_its_failures_are_counted() {
        var runs = new AtomicInteger();
        try (var h = new Housekeeping(metrics)) {
            h.every(Duration.ofMillis(10), "failing job", () -> {
                runs.incrementAndGet();
                throw new AssertionError("an Error, not an Exception");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        }
        assertThat(metrics.get("switchboard.housekeeping").tag("job", "failing job").tag("outcome", "failure")
                .timer().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_job_that_hangs_does_not_delay_the_others() {
        var hanging = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var quick = new AtomicInteger();
        try (var h = new Housekeeping(metrics)) {
            h.every(Duration.ofMillis(5), "slow job", () -> {
                hanging.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            h.every(Duration.ofMillis(5), "quick job", quick::incrementAndGet);
            await().atMost(Duration.ofSeconds(5)).until(() -> hanging.getCount() == 0 && quick.get() >= 5);
            release.countDown();
        }
        assertThat(metrics.get("switchboard.housekeeping").tag("job", "quick job").tag("outcome", "success")
                .timer().count()).isGreaterThanOrEqualTo(5);
    }
}
