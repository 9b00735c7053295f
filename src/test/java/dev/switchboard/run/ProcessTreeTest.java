package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every process an agent starts ends with its run, however the run ends — including a background grandchild
 * whose parent exited (re-parented away from the agent) and a daemon that started a session of its own — with
 * real processes ({@code agents/leave_behind.sh}).
 */
@EachStore
class ProcessTreeTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }
    final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "orphan, abort", "daemon, abort",
            "orphan, timeout", "daemon, timeout",
            "orphan, escalation", "daemon, escalation",
            "orphan, exit", "daemon, exit"})
    void no_process_of_the_agent_outlives_its_run(String shape, String end) throws IOException {
        Path dir = Files.createTempDirectory("tree");
        String mode = end.equals("exit") ? "exit" : "wait";
        String stubborn = end.equals("escalation") ? "stubborn" : "gentle";
        String agent = "tree-" + shape + "-" + end;
        c.putAgent(agent, bashAgent("leave_behind.sh", List.of(dir.toString(), shape, mode, stubborn),
                Map.of("timeout_seconds", end.equals("timeout") ? 5 : 60, "grace_seconds", 1)));
        String key = c.session(agent);
        String id = c.start(key, "go", null, agent);
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("agent.pid")));
        pids.add(pid(dir, "agent.pid"));
        pids.add(pid(dir, "left.pid"));
        // The script wrote agent.pid after checking that the process it left behind runs (the run may be over by now).
        if (end.equals("abort") || end.equals("escalation")) c.api.post("/v1/runs/" + id + "/abort", Map.of("reason", "stop"));
        if (end.equals("exit")) Files.createFile(dir.resolve("go"));

        JsonNode run = c.awaitEnd(id);
        String expected = switch (end) {
            case "abort" -> "stop";
            case "escalation" -> "stop";
            case "timeout" -> "timed out after 5 s; stopped with SIGTERM";
            default -> null;
        };
        assertThat(run.path("error").textValue()).as(run.toString()).isEqualTo(expected);
        assertThat(run.path("status").asText()).isEqualTo(switch (end) {
            case "exit" -> "succeeded";
            case "timeout" -> "failed";
            default -> "aborted";
        });
        for (long pid : pids) assertThat(alive(pid)).as("pid %d after the run ended", pid).isFalse();
        assertThat(alive(run.path("pid").asLong())).as("the run's own process").isFalse();
        if (end.equals("escalation")) assertThat(run.path("exit_code").asInt()).isEqualTo(137);
    }

    static long pid(Path dir, String file) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(file)).strip());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
