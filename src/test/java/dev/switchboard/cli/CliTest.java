package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.CliRun;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI commands against a real server, run in-process through picocli. */
@EachStore
class CliTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    record Run(int code, String out, String err) {}

    @BeforeEachStore
    static void start() {
        var api = server.admin();
        api.post("/v1/sessions", Map.of("key", "cli-1", "title", "First chat", "agent", "cli",
                "source", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "1")));
        api.post("/v1/sessions", Map.of("key", "cli-2", "agent", "cli"));
        api.post("/v1/sessions/cli-1/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "what is 2+2?"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "4"))))));
    }


    static Run cli(String... args) {
        var r = CliRun.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    static String[] withServer(String... args) {
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--token", server.adminToken()));
        return all.toArray(String[]::new);
    }

    @Test
    void sessions_ls_prints_a_table() {
        Run r = cli(withServer("sessions", "ls", "--agent", "cli"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("KEY").contains("STATUS").contains("TITLE");
        assertThat(r.out()).contains("cli-1").contains("First chat").contains("cli-2");
    }

    @Test
    void sessions_ls_json_is_the_raw_page() throws Exception {
        Run r = cli(withServer("sessions", "ls", "--agent", "cli", "--json"));
        var page = Json.MAPPER.readTree(r.out());
        assertThat(page.path("items")).hasSize(2);
    }

    @Test
    void sessions_show_prints_fields() {
        Run r = cli(withServer("sessions", "show", "cli-1"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("message_count  2").contains("telegram");
    }

    @Test
    void messages_tail_prints_oldest_first_with_text_of_blocks() {
        Run r = cli(withServer("messages", "tail", "cli-1", "-n", "5"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("#1").contains("user").contains("what is 2+2?").contains("#2").contains("    4");
        assertThat(r.out().indexOf("#1")).isLessThan(r.out().indexOf("#2"));
    }

    @Test
    void tokens_create_list_and_revoke() throws Exception {
        Run created = cli(withServer("tokens", "create", "--name", "from-cli", "--scope", "sessions:read",
                "--channel", "telegram", "--json"));
        assertThat(created.code()).as(created.err()).isZero();
        var token = Json.MAPPER.readTree(created.out());
        String secret = token.path("token").asText();
        assertThat(secret).startsWith("sb_");
        assertThat(server.admin().as(secret).get("/v1/sessions").status()).isEqualTo(200);

        Run list = cli(withServer("tokens", "list"));
        assertThat(list.out()).contains("from-cli").contains("telegram").doesNotContain(secret);

        Run revoked = cli(withServer("tokens", "revoke", token.path("id").asText()));
        assertThat(revoked.code()).isZero();
        assertThat(server.admin().as(secret).get("/v1/sessions").status()).isEqualTo(401);
    }

    @Test
    void problems_are_printed_as_readable_errors_with_a_nonzero_exit() {
        Run r = cli(withServer("sessions", "show", "no-such-session"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("404").contains("session no-such-session not found");

        Run bad = cli(withServer("tokens", "create", "--name", "x", "--scope", "superuser"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("422").contains("unknown scope 'superuser'");
    }

    @Test
    void an_unreachable_server_is_explained() {
        Run r = cli("sessions", "ls", "--url", "http://127.0.0.1:1", "--token", "x");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect").contains("switchboard serve");
    }
}
