package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.run.launch.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a process agent's command becomes the launcher's (Linux, where the suite runs). */
class ProcessLaunchTest {

    @Test
    void the_agent_runs_under_the_launcher_found_on_the_servers_path_with_its_own_environment() {
        var env = new LinkedHashMap<String, String>(Map.of("HOME", "/home/agent", "JAVA_TOOL_OPTIONS", "-Xmx1g"));
        ProcessBuilder pb = ProcessLaunch.builder(List.of("bash", "-c", "echo hi"), env, Duration.ofSeconds(3),
                Path.of("/data/runs/r1/output.log"));
        List<String> command = pb.command();
        assertThat(command.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int main = command.indexOf(Launcher.class.getName());
        assertThat(command.subList(main + 1, command.size())).containsExactly("3000", "--env=JAVA_TOOL_OPTIONS=-Xmx1g",
                "--interleave=/data/runs/r1/output.log", "--", bashOnPath(), "-c", "echo hi");
        // The launcher's JVM must not read the agent's JVM options; it hands them on.
        assertThat(pb.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("HOME", "/home/agent"));
    }

    @Test
    void a_start_failure_is_told_from_an_agent_exiting_127() {
        String line = Launcher.PREFIX + "cannot start /nope: Cannot run program \"/nope\": error=2, No such file";
        assertThat(ProcessLaunch.startFailure(127, line)).isEqualTo("cannot start /nope: Cannot run program \"/nope\": error=2, No such file");
        assertThat(ProcessLaunch.startFailure(127, "bash: frob: command not found")).isNull();
        assertThat(ProcessLaunch.startFailure(1, line)).isNull();
    }

    static String bashOnPath() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, "bash");
            if (!dir.isEmpty() && Files.isExecutable(p)) return p.toString();
        }
        throw new AssertionError("no bash on PATH");
    }
}
