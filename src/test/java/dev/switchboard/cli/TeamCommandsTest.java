package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.json.Json;
import dev.switchboard.testing.CliRun;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code switchboard sessions abort} and {@code switchboard runs ls} against a real server. */
@EachStore
class TeamCommandsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    static CliRun.Result cli(String... args) {
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--token", server.adminToken()));
        return CliRun.run(all.toArray(String[]::new));
    }

    @Test
    void sessions_abort_stops_the_running_run_and_says_what_it_stopped() throws Exception {
        var api = server.admin();
        api.put("/v1/agents/cli-slow", Map.of("adapter", "echo", "delay_ms", 2_000));
        api.post("/v1/sessions", Map.of("key", "cli-stop"));
        String id = api.post("/v1/sessions/cli-stop/runs", Map.of("input", "a b c d e", "agent", "cli-slow"))
                .json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/v1/runs/" + id).json().path("status").asText().equals("running"));

        var r = cli("sessions", "abort", "cli-stop", "--reason", "operator");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("aborted 1 run(s): " + id).contains("cleared 0 queued");
        assertThat(api.get("/v1/runs/" + id).json().path("status").asText()).isEqualTo("aborted");

        var again = cli("sessions", "abort", "cli-stop", "--json");
        assertThat(Json.MAPPER.readTree(again.out()).path("aborted")).isEmpty();

        var ls = cli("runs", "ls", "--session", "cli-stop");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATUS");
        assertThat(ls.out()).contains(id).contains("aborted");
    }
}
