package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Process agents: real bash scripts from src/test/resources/agents, run through the REST API. */
@EachStore
class ProcessRunTest {
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

    @Test
    void json_lines_become_deltas_a_message_and_usage() {
        c.putAgent("json-lines", bashAgent("json_lines.sh", List.of(), Map.of("env", List.of("PATH"))));
        String key = c.session("proc-json");
        String id = c.start(key, "what is 6x7?", null, "json-lines");
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("exit_code").asInt()).isZero();
        assertThat(run.path("usage").path("output_tokens").asLong()).isEqualTo(3);

        List<JsonNode> msgs = c.messages(key);
        assertThat(c.transcript(key)).containsExactly("user: what is 6x7?", "assistant: thinking about: what is 6x7?",
                "assistant: final answer");
        // The usage line came after the message line: it belongs to that (held) message.
        JsonNode finalAnswer = msgs.get(2);
        assertThat(finalAnswer.path("usage").path("input_tokens").asLong()).isEqualTo(7);
        assertThat(finalAnswer.path("usage").path("model").asText()).isEqualTo("tiny");
        JsonNode session = c.api.get("/v1/sessions/" + key).json();
        assertThat(session.path("usage").path("cost_usd").asDouble()).isEqualTo(0.25);
        assertThat(c.streamed(id)).isEqualTo("thinking about: what is 6x7?");
    }

    @Test
    void plain_text_output_is_one_assistant_message() {
        c.putAgent("plain", bashAgent("plain_text.sh", List.of("3"), Map.of()));
        String key = c.session("proc-plain");
        JsonNode run = c.awaitEnd(c.start(key, "go", null, "plain"));
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript(key)).containsExactly("user: go", "assistant: line 1\nline 2\nline 3");
    }

    @Test
    void the_prompt_placeholder_passes_the_prompt_as_one_argument_without_a_shell() {
        c.putAgent("argv", Map.of("adapter", "process",
                "command", List.of("/bin/bash", RunClient.script("argv_prompt.sh"), "{prompt}")));
        String key = c.session("proc-argv");
        c.awaitEnd(c.start(key, "it's $HOME; `rm -rf /` && echo hi", null, "argv"));
        assertThat(c.transcript(key)).last().isEqualTo("assistant: argv: it's $HOME; `rm -rf /` && echo hi");
    }

    @Test
    void the_environment_holds_only_allow_listed_variables_and_the_run_identifiers() {
        c.putAgent("env", bashAgent("print_env.sh", List.of(), Map.of("env", List.of("HOME"))));
        String key = c.session("proc-env");
        String id = c.start(key, "env?", null, "env");
        c.awaitEnd(id);
        String out = c.transcript(key).getLast();
        assertThat(out).contains("HOME=" + System.getenv("HOME"), "SWITCHBOARD_RUN_ID=" + id,
                "SWITCHBOARD_SESSION_KEY=proc-env", "SWITCHBOARD_AGENT=env");
        assertThat(out).doesNotContain("JAVA_HOME", "USER=");
    }

    @Test
    void the_working_directory_is_the_agents_workdir() throws IOException {
        Path dir = Files.createTempDirectory("agent-workdir");
        c.putAgent("pwd", Map.of("adapter", "process", "command", List.of("/bin/pwd"), "workdir", dir.toString()));
        String key = c.session("proc-workdir");
        c.awaitEnd(c.start(key, "where?", null, "pwd"));
        assertThat(c.transcript(key).getLast()).isEqualTo("assistant: " + dir.toRealPath());
    }

    @Test
    void a_failing_process_is_failed_with_its_exit_code_and_last_stderr_line() {
        c.putAgent("fail", bashAgent("fail.sh"));
        String key = c.session("proc-fail");
        JsonNode run = c.awaitEnd(c.start(key, "try", null, "fail"));
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("exit_code").asInt()).isEqualTo(3);
        assertThat(run.path("error").asText()).isEqualTo("exit code 3: something broke: disk full");
        assertThat(c.transcript(key)).last().isEqualTo("assistant: partial answer");
    }

    @Test
    void a_program_that_cannot_start_fails_the_run_with_the_reason() {
        c.putAgent("missing", Map.of("adapter", "process", "command", List.of("/nonexistent/agent")));
        String key = c.session("proc-missing");
        JsonNode run = c.awaitEnd(c.start(key, "hi", null, "missing"));
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText()).startsWith("cannot start /nonexistent/agent");
    }

    @Test
    void abort_during_output_stops_the_process_and_keeps_what_it_said() {
        c.putAgent("slow-lines", bashAgent("plain_text.sh", List.of("100", "0.1"), Map.of()));
        String key = c.session("proc-abort");
        String id = c.start(key, "talk", null, "slow-lines");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.streamed(id).contains("line 3"));
        Response r = c.api.post("/v1/runs/" + id + "/abort", Map.of("reason", "enough"));
        assertThat(r.json().path("status").asText()).isEqualTo("aborted");
        assertThat(r.json().path("error").asText()).isEqualTo("enough");
        long pid = r.json().path("pid").asLong();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        String said = c.transcript(key).getLast();
        assertThat(said).startsWith("assistant: line 1\nline 2\nline 3").doesNotContain("line 100");
        assertThat(c.messages(key).getLast().path("metadata").path("partial").asBoolean()).isTrue();
    }

    @Test
    void a_timeout_escalates_from_sigterm_to_sigkill() {
        // The timeout must outlast the launcher's JVM and bash reaching its `trap`: with 1 s, a loaded CI machine
        // once delivered SIGTERM before the trap was set, and bash died of it ("stopped with SIGTERM").
        c.putAgent("stubborn", bashAgent("ignore_term.sh", List.of(), Map.of("timeout_seconds", 4, "grace_seconds", 1)));
        String key = c.session("proc-timeout");
        String id = c.start(key, "wait", null, "stubborn");
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText())
                .isEqualTo("timed out after 4 s; killed with SIGKILL after 1 s grace (SIGTERM was not enough)");
        assertThat(run.path("exit_code").asInt()).isEqualTo(137); // 128 + SIGKILL
        assertThat(ProcessHandle.of(run.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(c.transcript(key)).last().isEqualTo("assistant: started");
    }

    @Test
    void a_timeout_stops_a_cooperative_process_with_sigterm() {
        c.putAgent("sleepy", bashAgent("plain_text.sh", List.of("100", "0.2"), Map.of("timeout_seconds", 1, "grace_seconds", 5)));
        String key = c.session("proc-timeout-term");
        JsonNode run = c.awaitEnd(c.start(key, "wait", null, "sleepy"));
        assertThat(run.path("error").asText()).isEqualTo("timed out after 1 s; stopped with SIGTERM");
        assertThat(run.path("exit_code").asInt()).isEqualTo(143); // 128 + SIGTERM
    }

    @Test
    void logs_tail_returns_the_last_lines_of_stdout_and_stderr() {
        c.putAgent("many-lines", bashAgent("plain_text.sh", List.of("50"), Map.of()));
        String key = c.session("proc-logs");
        String id = c.start(key, "go", null, "many-lines");
        c.awaitEnd(id);
        Response tail = c.api.get("/v1/runs/" + id + "/logs?tail=3");
        assertThat(tail.status()).isEqualTo(200);
        assertThat(tail.header("Content-Type")).startsWith("text/plain");
        assertThat(tail.body()).isEqualTo("line 48\nline 49\nline 50\n");
        assertThat(c.api.get("/v1/runs/" + id + "/logs").body().lines().count()).isEqualTo(50);

        c.putAgent("fail-logs", bashAgent("fail.sh"));
        String failed = c.start(c.session("proc-logs-err"), "go", null, "fail-logs");
        c.awaitEnd(failed);
        assertThat(c.api.get("/v1/runs/" + failed + "/logs?stream=stderr").body()).isEqualTo("something broke: disk full\n");
        assertThat(c.api.get("/v1/runs/" + failed + "/logs?tail=0").status()).isEqualTo(422);
    }

    @Test
    void logs_of_a_run_without_a_process_are_empty() {
        String key = c.session("proc-no-logs");
        String id = c.start(key, "hi", null, "echo");
        c.awaitEnd(id);
        Response r = c.api.get("/v1/runs/" + id + "/logs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void max_concurrent_bounds_parallel_runs_and_the_rest_wait_queued() throws IOException {
        Path markers = Files.createTempDirectory("markers");
        c.putAgent("single", bashAgent("concurrency.sh", List.of(markers.toString(), "2"), Map.of("max_concurrent", 1)));
        String a = c.start(c.session("proc-conc-a"), "a", null, "single");
        String b = c.start(c.session("proc-conc-b"), "b", null, "single");
        String d = c.start(c.session("proc-conc-d"), "d", null, "single");
        // While one runs, the other two (other sessions, so not held back by a session lane) stay queued.
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(a, b, d).stream()
                .filter(id -> c.run(id).path("status").asText().equals("running")).count() == 1);
        assertThat(List.of(a, b, d).stream().filter(id -> c.run(id).path("status").asText().equals("queued")).count())
                .isEqualTo(2);
        for (String id : List.of(a, b, d)) {
            assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
        }
        for (String key : List.of("proc-conc-a", "proc-conc-b", "proc-conc-d")) {
            assertThat(c.transcript(key).getLast()).isEqualTo("assistant: running alongside 0 others");
        }
    }

    @Test
    void a_message_line_that_is_not_a_valid_message_is_kept_as_text() {
        c.putAgent("bad-message", Map.of("adapter", "process", "command", List.of("/bin/echo",
                "{\"type\":\"message\",\"role\":\"wizard\",\"content\":\"hi\"}")));
        String key = c.session("proc-bad-message");
        c.awaitEnd(c.start(key, "x", null, "bad-message"));
        assertThat(c.transcript(key).getLast()).contains("\"role\":\"wizard\"");
    }
}
