package dev.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An independent implementation against the real server: the official TypeScript SDK's client
 * ({@code src/test/mcp-client}, pinned in its package.json and lockfile), driven by {@code client.mjs} on the machine's
 * Node.js, over Streamable HTTP and over stdio ({@code ./switchboard mcp} from the packaged jar). {@code .ci/run}
 * installs the client with {@code npm ci}; so does this test when it is missing.
 */
@EachStore
class McpTypeScriptClientIT {
    private static final Path CLIENT = Path.of("src", "test", "mcp-client");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @Test
    void the_typescript_sdk_client_passes_every_check_over_http_and_stdio() throws IOException, InterruptedException {
        assertThat(CLIENT.resolve("package-lock.json")).as("run from the repository root").isRegularFile();
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            String out = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertThat(Files.isDirectory(CLIENT.resolve("node_modules/@modelcontextprotocol/sdk"))).as("npm ci: %s", out).isTrue();
        }
        String report = run(List.of("node", "client.mjs", ServerProcess.launcher().toString()), 240);
        Files.writeString(Path.of("target", "mcp-typescript-client.txt"), report);
        assertThat(report).as(report).contains("ok - http: resources are listed, read, and an append notifies a subscriber")
                .contains("ok - stdio: send_message waits for the answer; get_run and abort_run follow the run")
                .containsPattern("(?m)^[1-9][0-9]* passed, 0 failed$");
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true);
        pb.environment().put("SWITCHBOARD_URL", server.url());
        pb.environment().put("SWITCHBOARD_TOKEN", server.adminToken());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " (Node.js 18 or newer, with npm) is needed and was not found on PATH", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // until the process exits and closes its output
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", command, text).isZero();
        return text;
    }
}
