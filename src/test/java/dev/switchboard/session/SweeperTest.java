package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** idle after 10 minutes, stale after 30 (the defaults); the test runs the sweeper by hand. */
@EachStore
class SweeperTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d")).clock(clock);
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        db = server.db();
    }


    static Sweeper.Result sweep() {
        return server.server().sweeper().sweep();
    }

    static JsonNode get(String key) {
        return api.get("/v1/sessions/" + key).json();
    }

    @Test
    void silent_session_becomes_idle_then_ends_as_stale() {
        api.post("/v1/sessions", Map.of("key", "sweep-1"));
        clock.advance(Duration.ofMinutes(9));
        sweep();
        assertThat(get("sweep-1").path("status").asText()).isEqualTo("active");
        clock.advance(Duration.ofMinutes(2));
        sweep();
        assertThat(get("sweep-1").path("status").asText()).isEqualTo("idle");
        clock.advance(Duration.ofMinutes(20));
        sweep();
        JsonNode s = get("sweep-1");
        assertThat(s.path("status").asText()).isEqualTo("ended");
        assertThat(s.path("end_reason").asText()).isEqualTo("stale");
        assertThat(types("sweep-1")).containsExactly("session.created", "session.updated", "session.ended");
    }

    @Test
    void a_session_past_both_limits_is_ended_without_being_idled_first() {
        api.post("/v1/sessions", Map.of("key", "sweep-2"));
        clock.advance(Duration.ofMinutes(45));
        sweep();
        assertThat(types("sweep-2")).containsExactly("session.created", "session.ended");
    }

    @Test
    void activity_keeps_a_session_active() {
        api.post("/v1/sessions", Map.of("key", "sweep-3"));
        clock.advance(Duration.ofMinutes(8));
        api.post("/v1/sessions/sweep-3/heartbeat", Map.of());
        clock.advance(Duration.ofMinutes(8));
        sweep();
        assertThat(get("sweep-3").path("status").asText()).isEqualTo("active");
    }

    @Test
    void sessions_with_an_active_run_are_exempt() {
        api.post("/v1/sessions", Map.of("key", "sweep-run"));
        db.insertRun("sweep-run-1", "sweep-run", "running");
        clock.advance(Duration.ofHours(2));
        sweep();
        assertThat(get("sweep-run").path("status").asText()).isEqualTo("active");
        db.setRunStatus("sweep-run-1", "failed");
        sweep();
        assertThat(get("sweep-run").path("status").asText()).isEqualTo("ended");
    }

    @Test
    void a_backlog_larger_than_one_batch_is_swept_in_one_call() {
        int n = Sweeper.BATCH + 20;
        for (int i = 0; i < n; i++) api.post("/v1/sessions", Map.of("key", "backlog-" + i, "agent", "backlog"));
        clock.advance(Duration.ofMinutes(11));
        Sweeper.Result r = sweep();
        assertThat(r.idled()).isGreaterThanOrEqualTo(n);
        assertThat(db.count("SELECT count(*) FROM sessions WHERE agent = 'backlog' AND status = 'idle'")).isEqualTo(n);
    }

    @Test
    void concurrent_sweeps_idle_a_session_once() throws Exception {
        api.post("/v1/sessions", Map.of("key", "sweep-once"));
        clock.advance(Duration.ofMinutes(11));
        Callable<Sweeper.Result> call = SweeperTest::sweep;
        List<Sweeper.Result> results;
        try (var pool = Executors.newFixedThreadPool(4)) {
            results = pool.invokeAll(List.of(call, call, call, call)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
        // However the calls interleave, the session is idled once: one event, one version bump.
        assertThat(types("sweep-once")).containsExactly("session.created", "session.updated");
        assertThat(results.stream().mapToInt(Sweeper.Result::idled).sum()).isGreaterThanOrEqualTo(1);
    }

    static List<String> types(String key) {
        return db.rows("SELECT type FROM events WHERE key = ? ORDER BY seq", key).stream()
                .map(row -> (String) row.get("type")).toList();
    }
}
