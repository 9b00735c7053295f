package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.switchboard.json.Json;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs waiting for a slot of their agent ({@code max_concurrent}): they hold no thread and poll nothing while
 * they wait, start first come first served as soon as a slot frees, and an aborted one gives up its place.
 */
@EachStore
class RunQueueTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        c.putAgent("one-at-a-time", Map.of("adapter", "echo", "delay_ms", 10, "max_concurrent", 1));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    @Test
    void waiting_runs_hold_no_thread_and_start_in_order_as_soon_as_a_slot_frees() throws IOException {
        String holder = c.start(c.session("slot-holder"), "word ".repeat(3_000), null, "one-at-a-time");
        c.await(holder, "running");
        var waiting = new ArrayList<String>();
        for (int i = 0; i < 20; i++) waiting.add(c.start(c.session("slot-wait-" + i), "a b", null, "one-at-a-time"));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream()
                .allMatch(id -> c.run(id).path("status").asText().equals("queued")));
        // Only the holder's lane has a thread: a waiting run's lane ended when it joined the agent's line.
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed("run-lane") == 1);
        assertThat(c.metric("switchboard_runs_waiting_for_slot", "")).isEqualTo(20);

        String gaveUp = waiting.remove(5);
        assertThat(c.api.post("/v1/runs/" + gaveUp + "/abort", Map.of()).json().path("status").asText()).isEqualTo("aborted");
        assertThat(c.metric("switchboard_runs_waiting_for_slot", "")).isEqualTo(19);

        c.api.post("/v1/runs/" + holder + "/abort", Map.of());
        List<JsonNode> ended = waiting.stream().map(c::awaitEnd).toList();
        assertThat(ended).allMatch(r -> r.path("status").asText().equals("succeeded"));
        assertThat(c.run(gaveUp).path("started_at").isNull()).isTrue();
        List<String> byStart = ended.stream().sorted(Comparator.comparing(r -> r.path("started_at").asText()))
                .map(r -> r.path("id").asText()).toList();
        assertThat(byStart).as("first come, first served").isEqualTo(waiting);
        // Each starts as soon as the previous one's agent is done (its end is recorded meanwhile).
        JsonNode previous = c.run(holder);
        for (JsonNode next : ended) {
            long gap = Duration.between(at(previous, "ended_at"), at(next, "started_at")).toMillis();
            assertThat(gap).as("ms from %s's end to %s's start", previous.path("id"), next.path("id")).isLessThan(500);
            previous = next;
        }
    }

    static Instant at(JsonNode run, String field) {
        return Instant.parse(run.path(field).asText());
    }

    /** Threads of this JVM with that name, virtual ones included (a JSON thread dump lists those too). */
    static long threadsNamed(String name) throws IOException {
        Path file = Files.createTempDirectory("threads").resolve("dump.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        JsonNode dump = Json.MAPPER.readTree(file.toFile());
        Files.delete(file);
        long n = 0;
        for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
            for (JsonNode t : container.path("threads")) if (t.path("name").asText().equals(name)) n++;
        }
        return n;
    }
}
