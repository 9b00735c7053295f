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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The thin client commands, each against its REST endpoint on a real server: tables by default, JSON with --json. */
@EachStore
class EverydayCommandsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @TempDir
    Path dir;

    @BeforeEachStore
    static void start() {
    }

    static Run ok(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--token", server.adminToken()));
        Run r = cli(all.toArray(String[]::new));
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        return r;
    }

    static JsonNode json(String... args) throws Exception {
        var all = new ArrayList<>(List.of(args));
        all.add("--json");
        return Json.MAPPER.readTree(ok(all.toArray(String[]::new)).out());
    }

    @Test
    void sessions_create_reset_end_and_delete() throws Exception {
        assertThat(ok("sessions", "create", "ed-1", "--title", "Planning").out()).contains("key").contains("ed-1").contains("Planning");
        JsonNode created = json("sessions", "create", "ed-2", "--agent", "helper");
        assertThat(created.path("agent").asText()).isEqualTo("helper");
        String firstInstance = created.path("id").asText();

        JsonNode reset = json("sessions", "reset", "ed-2", "--reason", "user typed /new");
        assertThat(reset.path("id").asText()).isNotEqualTo(firstInstance);
        JsonNode ended = json("sessions", "end", "ed-2");
        assertThat(ended.path("status").asText()).isEqualTo("ended");
        assertThat(ended.path("end_reason").asText()).isEqualTo("client");

        assertThat(ok("sessions", "delete", "ed-1").out()).contains("Deleted (archived) ed-1");
        assertThat(server.admin().get("/v1/sessions/ed-1").status()).isEqualTo(404);
        assertThat(json("sessions", "delete", "ed-2", "--purge").path("purged").asBoolean()).isTrue();
    }

    @Test
    void messages_append_search_and_export() throws Exception {
        ok("sessions", "create", "ed-msgs");
        assertThat(ok("messages", "append", "ed-msgs", "the otter swims").out()).contains("appended #1 (user) to ed-msgs");
        JsonNode appended = json("messages", "append", "ed-msgs", "otters hold hands", "--role", "assistant");
        assertThat(appended.path("items").get(0).path("seq").asLong()).isEqualTo(2);

        Run search = ok("search", "otter*", "--session", "ed-msgs");
        assertThat(search.out().lines().findFirst().orElseThrow()).startsWith("KEY").contains("SNIPPET");
        assertThat(search.out()).contains("**otter**");
        assertThat(json("search", "otter*", "--session", "ed-msgs").path("items")).hasSize(2);

        Run stdout = ok("export", "ed-msgs");
        List<String> lines = stdout.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(Json.MAPPER.readTree(lines.getFirst()).path("type").asText()).isEqualTo("session");
        Path file = dir.resolve("ed.ndjson");
        assertThat(ok("export", "ed-msgs", "-o", file.toString()).out()).contains("Exported ed-msgs to " + file + " (4 lines)");
        // the same export but for its first line's exported_at
        assertThat(Files.readAllLines(file).subList(1, 4)).isEqualTo(lines.subList(1, 4));
    }

    @Test
    void directives_post_ls_and_ack() throws Exception {
        ok("sessions", "create", "ed-dir");
        JsonNode d = json("directives", "post", "Stop deploying", "--session", "ed-dir", "--priority", "urgent", "--tag", "ops");
        assertThat(d.path("priority").asText()).isEqualTo("urgent");
        Run ls = ok("directives", "ls", "ed-dir", "--pending");
        assertThat(ls.out()).contains("ID").contains(d.path("id").asText()).contains("Stop deploying").contains("pending");
        JsonNode acked = json("directives", "ack", d.path("id").asText(), "--result", "{\"done\":true}");
        assertThat(acked.path("status").asText()).isEqualTo("acked");
        assertThat(acked.path("result").path("done").asBoolean()).isTrue();
        assertThat(json("directives", "ls", "ed-dir", "--pending").path("items")).isEmpty();
    }

    @Test
    void agents_ls_lists_the_builtin_and_defined_agents() throws Exception {
        server.admin().put("/v1/agents/slow-echo", Map.of("adapter", "echo", "delay_ms", 5));
        Run r = ok("agents", "ls");
        assertThat(r.out()).contains("ID").contains("echo").contains("builtin").contains("slow-echo").contains("api");
        assertThat(json("agents", "ls").path("items").findValuesAsText("id")).contains("echo", "slow-echo");
    }

    @Test
    void usage_formats_money_and_token_counts_for_people() throws Exception {
        ok("sessions", "create", "ed-usage");
        server.admin().post("/v1/sessions/ed-usage/messages", Map.of("role", "assistant", "content", "hi",
                "usage", Map.of("input_tokens", 12345, "output_tokens", 3, "cost_usd", 0.0001)));
        Run r = ok("usage", "--group-by", "agent");
        assertThat(r.out()).contains("AGENT").contains("12,345").contains("$0.0001").doesNotContain("E-4");
        assertThat(ok("sessions", "show", "ed-usage").out()).contains("in 12,345 · out 3 · $0.0001");
        assertThat(json("usage", "--group-by", "agent").path("items").get(0).path("cost_usd").asDouble()).isEqualTo(0.0001);
    }

    @Test
    void money_is_shown_in_cents_or_two_significant_digits() {
        assertThat(Format.money(0)).isEqualTo("$0.00");
        assertThat(Format.money(1.0E-4)).isEqualTo("$0.0001");
        assertThat(Format.money(0.003125)).isEqualTo("$0.0031");
        assertThat(Format.money(0.25)).isEqualTo("$0.25");
        assertThat(Format.money(12.5)).isEqualTo("$12.50");
        assertThat(Format.money(1234.567)).isEqualTo("$1234.57");
        assertThat(Format.money(-0.5)).isEqualTo("-$0.50");
        assertThat(Format.count(1234567)).isEqualTo("1,234,567");
    }
}
