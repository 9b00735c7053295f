package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.SseClient;
import dev.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data directory on a real 8 MiB tmpfs that the test fills up. Mounting needs root, which CI and this
 * machine have; without it the test fails (it is never skipped).
 */
class DiskFullTest {
    static Path mount;
    static TestServer server;
    static Http api;

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("switchboard-tmpfs");
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        server = TestServer.startIn(mount.resolve("data"), c -> c);
        api = server.admin();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (server != null) server.close();
        run("umount", mount.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", command) + " failed (needs root): " + out);
    }

    /** Writes zeros until the file system refuses; returns the filler to delete. */
    private static Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) out.write(block);
        } catch (IOException full) {
            return filler;
        }
    }

    private static Response append(String key, String content) {
        return api.post("/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", content));
    }

    private static List<String> contents(String key) {
        var out = new ArrayList<String>();
        String cursor = null;
        do {
            var page = api.get("/v1/sessions/" + key + "/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(m -> out.add(m.path("content").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        return out;
    }

    @Test
    void a_full_disk_refuses_writes_with_507_commits_none_of_them_and_recovers_without_a_restart() throws Exception {
        api.post("/v1/sessions", Map.of("key", "canary"));
        assertThat(append("canary", "before").status()).isEqualTo(201);
        Path filler = fill();

        String padding = "x".repeat(16 * 1024);
        Set<String> acknowledged = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (int i = 0; i < 400 && refused.size() < 20; i++) {
            String content = i + ":" + padding;
            Response r = append("canary", content);
            if (r.status() == 201) {
                acknowledged.add(content);
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(507);
                assertThat(r.problem()).isEqualTo("insufficient-storage");
                assertThat(r.json().path("detail").asText()).contains("full").doesNotContain("SQLITE");
                refused.add(content);
            }
        }
        assertThat(refused).as("writes refused while the disk is full").hasSize(20);

        Response ready = server.anonymous().get("/readyz");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("detail").asText()).contains("full");
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).contains("switchboard_store_writable 0.0").contains("cause=\"disk_full\"");

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.anonymous().get("/readyz").status() == 200);
        assertThat(append("canary", "after").status()).isEqualTo(201);

        var stored = contents("canary");
        // The log holds an event for every committed message, and only for those (replayed from the start).
        var evented = new ArrayList<String>();
        try (var events = SseClient.connect(server.url() + "/v1/events?types=message.appended&session=canary&after=0",
                server.adminToken(), null)) {
            while (!evented.contains("after")) {
                evented.add(events.next(Duration.ofSeconds(10)).json().path("data").path("content").asText());
            }
        }
        assertThat(evented).containsExactlyElementsOf(stored);
        assertThat(stored).contains("before", "after").containsAll(acknowledged);
        assertThat(stored).as("no write answered 507 was committed").doesNotContainAnyElementsOf(refused);
        server.restart();
        api = server.admin();
        assertThat(contents("canary")).as("the same after a restart").isEqualTo(stored);
    }
}
