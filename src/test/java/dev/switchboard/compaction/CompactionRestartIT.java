package dev.switchboard.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerProcess;
import dev.switchboard.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real server, started as users start it, killed with SIGKILL while a summarizer is working: after the restart
 * the compaction is a failed checkpoint saying why (no active or half-written one), the session is not stuck in
 * {@code compacting}, its context is exactly as before, the summarizer process the dead server left behind is
 * stopped, and compaction works again.
 */
class CompactionRestartIT {

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void a_server_killed_during_a_compaction_leaves_no_partial_checkpoint_and_no_compacting_session(TestStore store)
            throws Exception {
        Path data = Files.createTempDirectory("switchboard-compaction-kill9");
        var location = store.newLocation(data);
        String[] args = location.postgresUrl() == null ? new String[] {"--config", data.resolve("switchboard.toml").toString()}
                : new String[] {"--config", data.resolve("switchboard.toml").toString(), "--store", location.postgresUrl()};
        Path config = data.resolve("switchboard.toml");
        Files.writeString(config, """
                [compaction]
                agent = "slow"
                [agents.slow]
                adapter = "process"
                command = ["/bin/bash", "%s", "sleep", "120"]
                env = ["PATH"]
                """.formatted(CompactionClient.script("summarize.sh")));
        String id;
        JsonNode before;
        long pid;
        try (var first = ServerProcess.start(data, args)) {
            var c = new CompactionClient(first.admin());
            c.session("crash");
            c.appendTexts("crash", 1, 12);
            before = c.context("crash", "");
            id = c.compacted("crash", CompactionClient.summarize(2, null)).path("id").asText();
            assertThat(c.get("crash").path("status").asText()).isEqualTo("compacting");
            pid = await().atMost(Duration.ofSeconds(20)).until(() -> summarizerPid(location, id), p -> p > 0);
            assertThat(alive(pid)).isTrue();
            first.kill9();
        }
        assertThat(alive(pid)).as("the summarizer outlives the killed server").isTrue();

        try (var second = ServerProcess.start(data, args)) {
            Http api = second.admin();
            var c = new CompactionClient(api);
            JsonNode cp = c.checkpoint("crash", id);
            assertThat(cp.path("status").asText()).isEqualTo("failed");
            assertThat(cp.path("error").asText()).contains("the server stopped during the compaction");
            assertThat(cp.path("summary").isNull()).isTrue();
            assertThat(statuses(api)).as("no checkpoint but the failed one").containsExactly("failed");
            assertThat(c.get("crash").path("status").asText()).isEqualTo("active");
            assertThat(c.context("crash", "")).isEqualTo(before);
            await().atMost(Duration.ofSeconds(15)).until(() -> !alive(pid));
            assertThat(data.resolve("compactions").resolve(id)).doesNotExist();
            assertThat(failedEvents(location, id)).isEqualTo(1);

            Response again = c.compact("crash", CompactionClient.truncate(2));
            assertThat(again.status()).as(again.toString()).isEqualTo(201);
            assertThat(again.json().path("status").asText()).isEqualTo("active");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            deleteQuietly(data);
        }
    }

    private static List<String> statuses(Http api) {
        var out = new ArrayList<String>();
        api.get("/v1/sessions/crash/checkpoints").json().path("items").forEach(c -> out.add(c.path("status").asText()));
        return out;
    }

    /** The summarizer's pid as the server recorded it (0 while not yet), read from the store file. */
    private static long summarizerPid(TestStore.Location store, String id) throws Exception {
        try (var conn = store.connect();
             var ps = conn.prepareStatement("SELECT pid FROM checkpoints WHERE id = ?")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long failedEvents(TestStore.Location store, String id) throws Exception {
        try (var conn = store.connect();
             var ps = conn.prepareStatement("SELECT count(*) FROM events WHERE type = 'compaction.failed' AND data LIKE ?")) {
            ps.setString(1, "%" + id + "%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp directory; the OS cleans up what is left
        }
    }
}
