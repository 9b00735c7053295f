package dev.switchboard.run;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-run workdir (inside workdir_root), timeout and metadata; the report rule; logs by bytes; last activity. */
@EachStore
class RunOptionsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;
    static Path root;
    static Path outside;

    @BeforeEachStore
    static void start() throws IOException {
        c = new RunClient(server.get());
        root = Files.createTempDirectory("wd-root").toRealPath();
        outside = Files.createTempDirectory("wd-outside").toRealPath();
        Files.createDirectories(root.resolve("repo-a"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        c.putAgent("pwd-rooted", Map.of("adapter", "process", "command", List.of("/bin/pwd"), "workdir_root", List.of(root.toString())));
        c.putAgent("reporter", Map.of("adapter", "process", "command",
                List.of("/bin/sh", "-c", "printf 'all done\\n' > report.md"), "workdir_root", List.of(root.toString()),
                "expects_report", "report.md"));
        c.putAgent("silent", Map.of("adapter", "process", "command", List.of("/bin/true"),
                "workdir_root", List.of(root.toString()), "expects_report", "report.md"));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    static Response send(String key, String agent, Map<String, Object> options) {
        var body = new LinkedHashMap<String, Object>(options);
        body.put("input", "go");
        body.put("agent", agent);
        return c.api.post("/v1/sessions/" + seg(key) + "/runs", body);
    }

    @Test
    void a_run_works_in_its_own_workdir_inside_the_root() {
        String key = c.session("opt-wd");
        Response r = send(key, "pwd-rooted", Map.of("workdir", root.resolve("repo-a").toString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().path("workdir").asText()).isEqualTo(root.resolve("repo-a").toString());
        c.awaitEnd(r.json().path("id").asText());
        assertThat(c.transcript(key).getLast()).isEqualTo("assistant: " + root.resolve("repo-a"));
    }

    @Test
    void workdirs_that_escape_the_root_are_422() {
        String key = c.session("opt-escape");
        for (String bad : List.of(root + "/repo-a/../..", root.resolve("escape").toString(), outside.toString(),
                root.resolve("missing").toString())) {
            Response r = send(key, "pwd-rooted", Map.of("workdir", bad));
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(422);
            assertThat(r.json().path("errors").findValuesAsText("field")).contains("workdir");
        }
        assertThat(send(key, "echo", Map.of("workdir", root.toString())).status()).isEqualTo(422);
    }

    @Test
    void an_agent_workdir_outside_its_roots_is_refused_when_defined() {
        Response r = c.api.put("/v1/agents/bad-root", Map.of("adapter", "process", "command", List.of("/bin/pwd"),
                "workdir_root", List.of(root.toString()), "workdir", root.resolve("escape").toString()));
        assertThat(r.status()).isEqualTo(422);
        Response missingRoot = c.api.put("/v1/agents/bad-root", Map.of("adapter", "process", "command", List.of("/bin/pwd"),
                "workdir_root", List.of(root.resolve("nope").toString())));
        assertThat(missingRoot.status()).isEqualTo(422);
    }

    @Test
    void metadata_is_stored_returned_and_filters_the_run_list() {
        String key = c.session("opt-meta");
        String a = send(key, "echo", Map.of("metadata", Map.of("mission", "m1", "branch", "main"))).json().path("id").asText();
        c.awaitEnd(a);
        String b = send(key, "echo", Map.of("metadata", Map.of("mission", "m2"), "timeout_seconds", 30)).json().path("id").asText();
        JsonNode run = c.awaitEnd(b);
        assertThat(run.path("metadata").path("mission").asText()).isEqualTo("m2");
        assertThat(run.path("timeout_seconds").asInt()).isEqualTo(30);
        JsonNode m1 = c.api.get("/v1/sessions/" + key + "/runs?metadata.mission=m1").json().path("items");
        assertThat(m1).extracting(item -> item.path("id").asText()).containsExactly(a);
        // the global run list takes the same filter (it was accepted there and ignored)
        JsonNode global = c.api.get("/v1/runs?session=" + key + "&metadata.mission=m1").json().path("items");
        assertThat(global).extracting(item -> item.path("id").asText()).containsExactly(a);
        assertThat(c.api.get("/v1/runs?metadata.mission=no-such-mission").json().path("items")).isEmpty();
        assertThat(c.api.get("/v1/sessions/" + key + "/runs?metadata.mission=m1&metadata.branch=dev").json().path("items")).isEmpty();
        assertThat(c.api.get("/v1/sessions/" + key + "/runs?metadata.bad-name=x").status()).isEqualTo(422);
        assertThat(c.api.get("/v1/sessions/" + key + "/runs?mission=m1").status()).isEqualTo(422);
    }

    @Test
    void a_run_that_writes_its_report_succeeds_and_serves_it() {
        String key = c.session("opt-report");
        String id = send(key, "reporter", Map.of("workdir", root.resolve("repo-a").toString())).json().path("id").asText();
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        Response report = c.api.get("/v1/runs/" + id + "/report");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).isEqualTo("all done\n");
    }

    @Test
    void exiting_0_without_the_report_is_failed() throws IOException {
        String key = c.session("opt-noreport");
        Path wd = Files.createDirectories(root.resolve("empty-" + System.nanoTime()));
        String id = send(key, "silent", Map.of("workdir", wd.toString())).json().path("id").asText();
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText()).startsWith("completed without its report");
        assertThat(c.api.get("/v1/runs/" + id + "/report").status()).isEqualTo(404);
        assertThat(send(key, "silent", Map.of("expects_report", "../x")).status()).isEqualTo(422);
    }

    @Test
    void logs_take_bytes_and_runs_record_their_last_activity() {
        c.putAgent("talker", RunClient.bashAgent("plain_text.sh"));
        String key = c.session("opt-logs");
        String id = c.start(key, "hello there", null, "talker");
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("last_activity_at").isNull()).as(run.toString()).isFalse();
        String full = c.api.get("/v1/runs/" + id + "/logs").body();
        String tail = c.api.get("/v1/runs/" + id + "/logs?bytes=3").body();
        assertThat(full).endsWith(tail);
        assertThat(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3);
        assertThat(c.api.get("/v1/runs/" + id + "/logs?bytes=0").status()).isEqualTo(422);
    }

    @Test
    void stream_both_interleaves_stdout_and_stderr_in_order_each_line_prefixed() {
        // Pauses between the writes: two pipes keep no order between writes closer than the launcher reads them.
        c.putAgent("chatty", Map.of("adapter", "process", "command", List.of("/bin/sh", "-c",
                "printf 'one\\n'; sleep 0.2; printf 'two\\n' >&2; sleep 0.2; printf 'half'; sleep 0.2;"
                        + " printf 'oops\\n' >&2; sleep 0.2; printf ' rest\\n'")));
        String id = c.start(c.session("opt-both"), "go", null, "chatty");
        c.awaitEnd(id);
        assertThat(c.api.get("/v1/runs/" + id + "/logs?stream=both").body())
                .isEqualTo("[stdout] one\n[stderr] two\n[stdout] half\n[stderr] oops\n[stdout]  rest\n");
        assertThat(c.api.get("/v1/runs/" + id + "/logs?stream=both&tail=2").body()).isEqualTo("[stderr] oops\n[stdout]  rest\n");
        // The streams' own logs are untouched by the copy.
        assertThat(c.api.get("/v1/runs/" + id + "/logs").body()).isEqualTo("one\nhalf rest\n");
        assertThat(c.api.get("/v1/runs/" + id + "/logs?stream=stderr").body()).isEqualTo("two\noops\n");
        assertThat(c.api.get("/v1/runs/" + id + "/logs?stream=all").status()).isEqualTo(422);
    }

    @Test
    void a_process_run_without_a_combined_log_says_so_instead_of_answering_an_empty_one() throws IOException {
        String id = c.start(c.session("opt-no-combined"), "hi", null, null); // echo: no process, no logs
        c.awaitEnd(id);
        assertThat(c.api.get("/v1/runs/" + id + "/logs?stream=both").body()).isEmpty();
        // What a process started without the launcher leaves: its own logs only.
        Path dir = Files.createDirectories(server.dataDir().resolve("runs").resolve(id));
        Files.writeString(dir.resolve("stdout.log"), "out\n");
        var answer = c.api.get("/v1/runs/" + id + "/logs?stream=both");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body()).contains("no combined log");
        assertThat(c.api.get("/v1/runs/" + id + "/logs").body()).isEqualTo("out\n");
    }

    @Test
    void a_process_that_only_logs_to_stderr_is_active_too() {
        c.putAgent("logger", Map.of("adapter", "process", "command", List.of("/bin/sh", "-c",
                "printf 'working\\n' >&2; sleep 1.2; printf 'still working\\n' >&2; sleep 0.3")));
        JsonNode run = c.awaitEnd(c.start(c.session("opt-stderr"), "go", null, "logger"));
        assertThat(run.path("last_activity_at").isTextual()).as(run.toString()).isTrue();
        assertThat(java.time.Instant.parse(run.path("last_activity_at").asText()))
                .isAfter(java.time.Instant.parse(run.path("started_at").asText()));
    }
}
