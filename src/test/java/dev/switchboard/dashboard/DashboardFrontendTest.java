package dev.switchboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The front-end's unit tests (dashboard/test/*.test.js: the markdown parser, link and image checks, content
 * blocks, stream rules) with Node's built-in runner, as a real process: `node --test dashboard/test/`.
 */
class DashboardFrontendTest {
    @Test
    void node_unit_tests_of_the_dashboard_pass() throws IOException, InterruptedException {
        Path tests = Path.of("dashboard", "test");
        assertThat(tests).as("run from the repository root").isDirectory();
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", tests + "/").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("`node` (Node.js 20 or newer) is needed for the dashboard's unit tests and was not found on PATH", e);
        }
        node.getOutputStream().close();
        byte[] out = node.getInputStream().readAllBytes(); // until node exits and closes its output
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String report = new String(out, StandardCharsets.UTF_8);
        Files.writeString(Path.of("target", "dashboard-node-tests.txt"), report);
        assertThat(node.exitValue()).as("node --test exit code; report:%n%s", report).isZero();
        assertThat(report).containsPattern("# pass [1-9]").contains("# fail 0");
    }
}
