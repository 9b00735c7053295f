package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's {@code ./switchboard serve} as a real process: first start, and a crash with {@code kill -9}. */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void first_start_creates_a_private_admin_token_and_explains_how_to_use_it() throws Exception {
        Path data = dir.resolve("data");
        try (var server = ServerProcess.start(data)) {
            String url = server.url();
            assertThat(new Http(url, null).get("/readyz").status()).isEqualTo(200);
            Path token = data.resolve("admin.token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(server.admin().get("/v1/sessions").status()).isEqualTo(200);
            assertThat(String.join("\n", server.output()))
                    .contains("created an admin token").contains(token.toString()).contains("Authorization: Bearer");
        }
        try (var again = ServerProcess.start(data)) {
            again.url();
            assertThat(String.join("\n", again.output())).doesNotContain("created an admin token");
        }
    }

    @Test
    void every_acknowledged_append_survives_kill_9() throws Exception {
        Path data = dir.resolve("crash");
        var acknowledged = Collections.synchronizedList(new ArrayList<String>());
        try (var server = ServerProcess.start(data)) {
            Http api = server.admin();
            for (int s = 0; s < 8; s++) api.post("/v1/sessions", Map.of("key", "crash-" + s));
            var stop = new AtomicBoolean();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 16; c++) {
                    int client = c;
                    pool.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String content = client + "/" + i;
                            try {
                                Response r = api.post("/v1/sessions/crash-" + (client % 8) + "/messages",
                                        Map.of("role", "user", "content", content));
                                if (r.status() == 201) acknowledged.add(client % 8 + " " + content);
                            } catch (RuntimeException connectionDied) {
                                return; // the server is gone; this request was never acknowledged
                            }
                        }
                    });
                }
                // let writes pile up, then crash in the middle of them
                await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.size() >= 300);
                server.kill9();
                stop.set(true);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
        try (var restarted = ServerProcess.start(data)) {
            Http api = restarted.admin();
            var stored = new java.util.HashSet<String>();
            for (int s = 0; s < 8; s++) {
                String cursor = null;
                long expectedSeq = 1;
                do {
                    Response page = api.get("/v1/sessions/crash-" + s + "/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
                    for (var m : page.json().path("items")) {
                        assertThat(m.path("seq").asLong()).as("no gaps after recovery").isEqualTo(expectedSeq++);
                        stored.add(s + " " + m.path("content").asText());
                    }
                    cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
                } while (cursor != null);
                assertThat(api.get("/v1/sessions/crash-" + s).json().path("message_count").asLong()).isEqualTo(expectedSeq - 1);
            }
            assertThat(stored).containsAll(acknowledged);
        }
    }

    @Test
    void a_bad_config_key_stops_start_up_with_a_clear_message() throws Exception {
        Path config = dir.resolve("bad.toml");
        Files.writeString(config, "[limits]\nmax_bodybytes = 5\n");
        try (var server = ServerProcess.start(dir.resolve("bad"), "--config", config.toString())) {
            assertThat(server.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(String.join("\n", server.output())).contains("limits.max_bodybytes").doesNotContain("\tat ");
        }
    }

    @Test
    void help_lists_the_commands() throws Exception {
        var p = new ProcessBuilder(ServerProcess.launcher().toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("serve").contains("tokens").contains("sessions").contains("messages");
        List.of("serve", "tokens", "sessions", "messages").forEach(c -> assertThat(out).contains(c));
    }
}
