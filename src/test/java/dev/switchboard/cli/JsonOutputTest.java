package dev.switchboard.cli;

import static dev.switchboard.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.CliTest.Run;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Under --json every command prints JSON only, errors included; a 401 says which token was used. */
@EachStore
class JsonOutputTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @TempDir
    Path dir;

    @BeforeEachStore
    static void start() {
    }

    static JsonNode parse(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void tokens_list_json_is_what_rest_returns() throws Exception {
        Run r = cli("tokens", "list", "--json", "--url", server.url(), "--token", server.adminToken());
        JsonNode page = parse(r.out());
        assertThat(page.isObject()).isTrue();
        assertThat(page.path("items").isArray()).isTrue();
        assertThat(page.has("next_cursor")).isTrue();
        assertThat(page.path("items").findValuesAsText("name")).contains("admin");
    }

    @Test
    void a_problem_under_json_is_the_problem_object_on_stdout_with_exit_1() throws Exception {
        Run r = cli("sessions", "show", "nope", "--json", "--url", server.url(), "--token", server.adminToken());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        JsonNode p = parse(r.out());
        assertThat(p.path("type").asText()).isEqualTo("urn:switchboard:problem:not-found");
        assertThat(p.path("status").asInt()).isEqualTo(404);
    }

    @Test
    void the_clis_own_errors_under_json_are_problems_too() throws Exception {
        Run unreachable = cli("sessions", "ls", "--json", "--url", "http://127.0.0.1:1", "--token", "x");
        assertThat(unreachable.code()).isEqualTo(3);
        JsonNode p = parse(unreachable.out());
        assertThat(p.path("type").asText()).isEqualTo("urn:switchboard:cli:unreachable");
        assertThat(p.path("exit_code").asInt()).isEqualTo(3);

        Run badOption = cli("sessions", "ls", "--json", "--no-such-option");
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(parse(badOption.out()).path("type").asText()).isEqualTo("urn:switchboard:cli:usage");
    }

    @Test
    void run_follow_json_is_ndjson_events_then_the_ended_run() throws Exception {
        Run r = cli("run", "json-follow", "hello there", "--create", "--follow", "--json", "--url", server.url(),
                "--token", server.adminToken());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : r.out().lines().toList()) lines.add(parse(line)); // each line is one JSON object
        assertThat(lines).extracting(l -> l.path("type").asText()).contains("run.output").contains("run.completed");
        JsonNode last = lines.getLast();
        assertThat(last.path("status").asText()).isEqualTo("succeeded");
        assertThat(lines.stream().filter(l -> l.path("type").asText().equals("run.output"))
                .map(l -> l.path("data").path("delta").asText()).reduce("", String::concat)).isEqualTo("hello there");
    }

    @Test
    void a_401_says_where_the_token_came_from() {
        Run r = cli("sessions", "ls", "--url", server.url(), "--token", "sb_wrong");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("401").contains("the token came from --token");
    }

    @Test
    void data_finds_the_admin_token_of_a_server_started_with_another_data_directory() throws Exception {
        Path data = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(data.resolve("admin.token"), server.adminToken() + "\n");
        Run r = cli("sessions", "ls", "--json", "--url", server.url(), "--data", data.toString());
        assertThat(r.code()).as(r.out()).isZero();
        Files.writeString(data.resolve("admin.token"), "sb_stale\n");
        Run stale = cli("sessions", "ls", "--url", server.url(), "--data", data.toString());
        assertThat(stale.err()).contains("the token came from " + data.resolve("admin.token"));
        Run missing = cli("sessions", "ls", "--url", server.url(), "--data", dir.resolve("empty").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains(dir.resolve("empty").resolve("admin.token").toString());
    }
}
