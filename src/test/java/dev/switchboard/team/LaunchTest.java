package dev.switchboard.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.run.RunClient;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CLI agent that keeps its own conversation (first run {@code --session-id X}, then {@code --resume X}) behind a
 * pair session: it runs in the to team's workdir, with the same {@code agent_session_id} until a reset, and every
 * run records its launch.
 */
@EachStore
class LaunchTest {
    static final Path PROJECT = project();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(cfg -> cfg
            .set("teams.dev.agent", "echo").set("teams.ops.agent", "cli-agent").set("teams.ops.workdir", PROJECT.toString()));
    static RunClient c;

    private static Path project() {
        try {
            return Files.createTempDirectory("ops-project").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        c.putAgent("cli-agent", Map.of("adapter", "process",
                "command", List.of("/bin/bash", RunClient.script("print_args.sh"), "--key", "{session_key}"),
                "first_run_args", List.of("--session-id", "{agent_session_id}"),
                "resume_args", List.of("--resume", "{agent_session_id}")));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    private static JsonNode run(String key, String text) {
        return c.awaitEnd(c.start(key, text, null, null));
    }

    @Test
    void first_run_then_resume_with_one_agent_session_id_in_the_teams_workdir_and_a_new_one_after_reset() {
        String key = server.admin().post("/v1/pairs", Map.of("from", "dev", "to", "ops")).json().path("key").asText();
        JsonNode first = run(key, "hello");
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        String id = first.path("launch").path("agent_session_id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(c.transcript(key).getLast())
                .isEqualTo("assistant: pwd=" + PROJECT + " args=--key pair:dev:ops --session-id " + id);

        JsonNode launch = server.admin().get("/v1/runs/" + first.path("id").asText() + "/launch").json();
        assertThat(launch.path("agent_session_id").asText()).isEqualTo(id);
        assertThat(launch.path("workdir").asText()).isEqualTo(PROJECT.toString());
        assertThat(launch.path("first_run").asBoolean()).isTrue();
        assertThat(launch.path("argv").get(2).asText()).isEqualTo("--key");
        assertThat(launch.path("argv").get(3).asText()).isEqualTo(key);
        assertThat(launch.path("argv").get(5).asText()).isEqualTo(id);
        assertThat(launch.path("agent").path("id").asText()).isEqualTo("cli-agent");
        assertThat(launch.path("agent").path("resume_args").get(0).asText()).isEqualTo("--resume");

        JsonNode session = server.admin().get("/v1/sessions/" + key).json();
        assertThat(session.path("agent_session_ids").path("cli-agent").asText()).as(session.toString()).isEqualTo(id);
        JsonNode second = run(key, "again");
        assertThat(second.path("launch").path("agent_session_id").asText()).isEqualTo(id);
        assertThat(second.path("launch").path("first_run").asBoolean()).isFalse();
        assertThat(c.transcript(key).getLast()).endsWith("args=--key pair:dev:ops --resume " + id);

        JsonNode reset = server.admin().post("/v1/sessions/" + key + "/reset", Map.of()).json();
        assertThat(reset.path("agent_session_ids").isNull()).isTrue();
        JsonNode afterReset = run(key, "new conversation");
        String fresh = afterReset.path("launch").path("agent_session_id").asText();
        assertThat(fresh).isNotEqualTo(id);
        assertThat(c.transcript(key).getLast()).endsWith("--session-id " + fresh);
        assertThat(server.admin().get("/v1/sessions/" + key).json().path("agent_session_ids").path("cli-agent").asText())
                .isEqualTo(fresh);
    }

    @Test
    void echo_runs_record_the_agent_they_ran_and_only_admins_read_the_launch() {
        c.session("launch-echo");
        JsonNode r = run("launch-echo", "hi");
        assertThat(r.path("launch").has("argv")).as("the run object shows no definition").isFalse();
        String path = "/v1/runs/" + r.path("id").asText() + "/launch";
        JsonNode launch = server.admin().get(path).json();
        assertThat(launch.path("argv").isNull()).isTrue();
        assertThat(launch.path("agent").path("adapter").asText()).isEqualTo("echo");
        var reader = server.client("launch-reader", List.of("sessions:read"), Map.of());
        assertThat(reader.get(path).status()).isEqualTo(403);
        assertThat(reader.get("/v1/runs/" + r.path("id").asText()).json().path("launch").path("first_run").asBoolean())
                .isTrue();
    }
}
