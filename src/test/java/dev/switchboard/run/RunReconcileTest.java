package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A graceful restart (the same data directory, a new server): process agents are left running and
 * re-attached, echo runs end as aborted, queued runs resume. The kill -9 case is {@link RunRestartIT}.
 */
@EachStore
class RunReconcileTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @BeforeEachStore
    static void start() {
        var c = new RunClient(server.get());
        c.putAgent("lines", bashAgent("plain_text.sh", List.of("50", "0.1"), Map.of()));
        c.putAgent("slow", Map.of("adapter", "echo", "delay_ms", 200));
    }


    @Test
    void a_restart_re_attaches_a_process_run_ends_echo_runs_and_resumes_the_queue() throws Exception {
        var before = new RunClient(server.get());
        String key = before.session("reconcile-process");
        String echoKey = before.session("reconcile-echo");
        String process = before.start(key, "go", null, "lines");
        String queued = before.start(key, "next", "enqueue", "echo");
        String echo = before.start(echoKey, "a b c d e f g h i j", null, "slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.streamed(process).contains("line 2"));
        long pid = before.run(process).path("pid").asLong();
        before.close();

        server.restart();
        try (var after = new RunClient(server.get())) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
            JsonNode aborted = after.run(echo);
            assertThat(aborted.path("status").asText()).isEqualTo("aborted");
            assertThat(aborted.path("error").asText()).isEqualTo("the server shut down during the run");

            JsonNode reattached = after.awaitEnd(process);
            assertThat(reattached.path("status").asText()).isEqualTo("succeeded");
            assertThat(after.awaitEnd(queued).path("status").asText()).isEqualTo("succeeded");
            var lines = new ArrayList<String>();
            for (int i = 1; i <= 50; i++) lines.add("line " + i);
            assertThat(after.transcript(key)).containsExactly("user: go", "assistant: " + String.join("\n", lines),
                    "user: next", "assistant: next");
        }
    }
}
