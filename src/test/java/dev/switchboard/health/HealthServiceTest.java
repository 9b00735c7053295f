package dev.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.sqlite.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthServiceTest {
    @TempDir
    Path dir;

    /** A bench read admin.token once /readyz said 200 and found none: HTTP serves before the token is written. */
    @Test
    void notReadyUntilStartUpIsComplete() {
        try (var db = new SqliteDatabase(dir.resolve("health.db"), 1, new SimpleMeterRegistry())) {
            var health = new HealthService(db);

            Readiness starting = health.readiness();
            assertThat(starting.ready()).isFalse();
            assertThat(starting.detail()).startsWith("starting");
            assertThat(starting.store()).isEqualTo("sqlite");

            health.markStarted();
            Readiness started = health.readiness();
            assertThat(started.ready()).as(started.detail()).isTrue();
            assertThat(started.detail()).isNull();
        }
    }
}
