package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures as a user meets them through {@code ./switchboard serve}: one line saying what, where and
 * what to do, a distinct exit code each (README "Exit codes"), a stack trace only with {@code --debug}; and a
 * graceful stop that logs its stages.
 */
class StartupIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** The lines a failed start printed that are not log lines (those start with a time). */
    private static String messages(String output) {
        return String.join("\n", output.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList());
    }

    @Test
    void a_port_in_use_is_one_line_naming_the_port_and_exit_code_5() throws Exception {
        try (var busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var server = ServerProcess.start(dir.resolve("data"), "--port", String.valueOf(busy.getLocalPort()))) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(5);
            String out = server.outputAfterExit();
            assertThat(messages(out)).isEqualTo("error: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                    + " (Address already in use): stop the program using it or choose another port with --port (or SWITCHBOARD_PORT)");
            assertThat(out).doesNotContain("\tat ");
        }
    }

    @Test
    void with_debug_the_stack_trace_is_printed_too() throws Exception {
        try (var busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var server = ServerProcess.start(dir.resolve("data"), "--port", String.valueOf(busy.getLocalPort()), "--debug")) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(5);
            assertThat(server.outputAfterExit()).contains("\tat ").contains("error: cannot listen on");
        }
    }

    @Test
    void an_unusable_data_directory_names_the_path_and_exits_6() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (var server = ServerProcess.start(file.resolve("data"))) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(6);
            String out = server.outputAfterExit();
            assertThat(messages(out)).startsWith("error: data directory: cannot write to " + file.resolve("data"))
                    .contains("--data").doesNotContain("SQLITE");
            assertThat(out.lines().count()).isEqualTo(1);
        }
        try (var server = ServerProcess.start(file)) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(6);
            assertThat(server.outputAfterExit()).isEqualTo("error: data directory: " + file
                    + " is a file, not a directory; choose another with --data (or SWITCHBOARD_DATA) or fix its permissions");
        }
    }

    @Test
    void a_mistyped_environment_variable_names_the_closest_known_one_and_exits_2() throws Exception {
        try (var server = ServerProcess.start(dir.resolve("data"), Map.of("SWITCHBOARD_PROT", "8080"))) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(2);
            assertThat(server.outputAfterExit()).contains("unknown environment variable SWITCHBOARD_PROT")
                    .contains("did you mean SWITCHBOARD_PORT?");
        }
        try (var server = ServerProcess.start(dir.resolve("data"), Map.of("SWITCHBOARD_LIMITS_MAX_BODY_BYTES", "1048576"))) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(2);
            assertThat(server.outputAfterExit()).contains("did you mean SWITCHBOARD_LIMITS__MAX_BODY_BYTES?");
        }
    }

    @Test
    void a_default_agent_that_does_not_exist_stops_the_start() throws Exception {
        try (var server = ServerProcess.start(dir.resolve("data"), Map.of("SWITCHBOARD_RUNS__DEFAULT_AGENT", "helper"))) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(2);
            assertThat(messages(server.outputAfterExit())).isEqualTo("error: configuration: runs.default_agent = \"helper\" "
                    + "names no agent; define [agents.helper] in the config file (or PUT /v1/agents/helper), or use the built-in \"echo\"");
        }
    }

    @Test
    void an_agent_whose_workdir_does_not_exist_stops_the_start_naming_the_path() throws Exception {
        Path config = Files.writeString(dir.resolve("agents.toml"), """
                [agents.coder]
                adapter = "process"
                command = ["python3", "agent.py"]
                workdir = "/srv/no-such-repo"
                """);
        try (var server = ServerProcess.start(dir.resolve("data"), "--config", config.toString())) {
            assertThat(server.waitForExit(EXIT)).isEqualTo(2);
            assertThat(server.outputAfterExit())
                    .isEqualTo("error: configuration: agents.coder.workdir does not exist: /srv/no-such-repo");
        }
    }

    @Test
    void a_graceful_stop_logs_each_stage_and_how_long_it_took() throws Exception {
        try (var server = ServerProcess.start(dir.resolve("data"))) {
            server.url();
            assertThat(server.stop(EXIT)).isIn(0, 143);
            String out = server.outputAfterExit();
            assertThat(out).containsPattern("stopped streams and HTTP in \\d+ ms")
                    .containsPattern("stopped runs in \\d+ ms")
                    .containsPattern("stopped background jobs in \\d+ ms")
                    .containsPattern("stopped store and event dispatch in \\d+ ms")
                    .containsPattern("stopped in \\d+ ms");
            assertThat(out.indexOf("stopped streams and HTTP")).isLessThan(out.indexOf("stopped store and event dispatch"));
        }
    }
}
