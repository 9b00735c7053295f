package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code switchboard messages tail KEY --follow}, run as a real process from the packaged jar. */
@EachStore
class MessagesFollowIT {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();



    @Test
    void follow_prints_the_tail_then_every_new_message_once_in_order() throws Exception {
        Http api = server.admin();
        String key = "agent:main:telegram:dm:follow";
        api.post("/v1/sessions", Map.of("key", key));
        api.post("/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "user", "content", "before"));

        Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
        assertThat(Files.isRegularFile(jar)).as("packaged jar %s", jar).isTrue();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process cli = new ProcessBuilder(java, "-jar", jar.toString(), "messages", "tail", key, "--follow",
                "--url", server.url(), "--token", server.adminToken())
                .redirectErrorStream(true)
                .start();
        var lines = new LinkedBlockingQueue<String>();
        Thread.ofVirtual().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        try {
            var seen = new ArrayList<String>();
            assertThat(awaitLine(lines, seen, "before")).isTrue();
            for (int i = 1; i <= 3; i++) {
                api.post("/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "assistant", "content", "live " + i));
            }
            assertThat(awaitLine(lines, seen, "live 3")).as("output so far: %s", seen).isTrue();
            List<String> contents = seen.stream().map(String::trim).filter(l -> l.equals("before") || l.startsWith("live ")).toList();
            assertThat(contents).containsExactly("before", "live 1", "live 2", "live 3");
        } finally {
            cli.destroy();
            cli.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean awaitLine(LinkedBlockingQueue<String> lines, List<String> seen, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) continue;
            seen.add(line);
            if (line.trim().equals(wanted)) return true;
        }
        return false;
    }
}
