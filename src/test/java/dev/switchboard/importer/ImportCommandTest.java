package dev.switchboard.importer;

import static dev.switchboard.importer.ClaudeCodeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.CliRun;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard import} as a user runs it, in-process through picocli, against a real server's REST API. */
@EachStore
class ImportCommandTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    @TempDir Path home;

    record Run(int code, String out, String err) {}

    @BeforeEachStore
    static void start() {
    }

    /** The command with this test's server and admin token. */
    static Run cli(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--token", server.adminToken()));
        var r = CliRun.run(all.toArray(String[]::new));
        return new Run(r.code(), r.out(), r.err());
    }

    private ClaudeCodeFixture session(String id) {
        var f = new ClaudeCodeFixture(home.resolve("projects"), id);
        f.user(id + "-u1", null, "hello");
        f.assistant(id + "-a1", id + "-u1", "m-" + id, "r-" + id, text("hi there"), Map.of("input_tokens", 3, "output_tokens", 2));
        return f;
    }

    @Test
    void imports_a_tree_prints_a_line_per_file_and_a_summary_then_imports_nothing_again() {
        var a = session("cli-a");
        session("cli-b");
        Run first = cli("import", "claude-code", home.resolve("projects").toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err().lines().filter(l -> l.contains("cli-a.jsonl: 2 imported"))).hasSize(1);
        assertThat(first.err()).contains("cli-b.jsonl: 2 imported");
        assertThat(first.out()).contains("Imported 4 message(s) from 2 file(s): sessions 2 created, 0 updated");
        assertThat(Imports.sourceIds(server, a.key())).containsExactly("cli-a-u1", "cli-a-a1");

        Run again = cli("import", "claude-code", home.resolve("projects").toString(), "--json");
        JsonNode summary = Json.readStored(again.out());
        assertThat(summary.path("messages").path("imported").asLong()).isZero();
        assertThat(summary.path("messages").path("already_imported").asLong()).isEqualTo(4);
        assertThat(summary.path("kind").asText()).isEqualTo("claude-code");
        assertThat(Imports.messages(server, a.key())).hasSize(2);
    }

    @Test
    void dry_run_reports_what_would_be_imported_and_writes_nothing() {
        var f = session("cli-dry");
        f.raw("{broken");
        Run r = cli("import", "claude-code", f.file.toString(), "--dry-run", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode summary = Json.readStored(r.out());
        assertThat(summary.path("dry_run").asBoolean()).isTrue();
        assertThat(summary.path("messages").path("imported").asLong()).isEqualTo(2);
        assertThat(summary.path("sessions").path("created").asInt()).isEqualTo(1);
        assertThat(summary.path("rejected").get(0).asText()).contains("cli-dry.jsonl:3: malformed JSON");
        assertThat(server.admin().get("/v1/sessions/" + dev.switchboard.testing.Http.seg(f.key())).status()).isEqualTo(404);
    }

    @Test
    void rejected_lines_are_listed_as_file_line_why_in_the_summary() {
        var f = session("cli-bad");
        f.raw("not json at all");
        Run r = cli("import", "claude-code", f.file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Rejected lines:").contains(f.file + ":3: malformed JSON");
    }

    @Test
    void follow_keeps_importing_what_is_appended_until_interrupted() throws Exception {
        var f = session("cli-follow");
        var run = new java.util.concurrent.atomic.AtomicReference<Run>();
        Thread follower = Thread.ofPlatform().start(() -> run.set(cli("import", "claude-code", f.file.toString(), "--follow")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> server.admin().get("/v1/sessions/" + f.key()).status() == 200);
        f.user("cli-follow-u2", "cli-follow-a1", "one more thing");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Imports.sourceIds(server, f.key()).size() == 3);
        follower.interrupt();
        follower.join(10_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(run.get().err()).contains("Following").contains("cli-follow.jsonl: 1 imported");
    }

    @Test
    void since_filters_files_by_change_time_and_bad_arguments_are_explained() {
        session("cli-old");
        Run later = cli("import", "claude-code", home.resolve("projects").toString(), "--since", "2999-01-01", "--json");
        assertThat(Json.readStored(later.out()).path("files").asLong()).isZero();

        Run unknown = cli("import", "cursor", home.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown source kind 'cursor'").contains("claude-code, codex, openclaw, hermes");
        Run badSince = cli("import", "codex", home.toString(), "--since", "last tuesday");
        assertThat(badSince.code()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since");
    }
}
