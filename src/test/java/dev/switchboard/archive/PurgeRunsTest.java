package dev.switchboard.archive;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Purge also erases what runs and directives keep of a session: rows, rolled-back messages (in the archive),
 * log files, and the stored idempotent responses of runs and directives addressed to it.
 */
@EachStore
class PurgeRunsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() throws Exception {
        api = server.admin();
        db = server.db();
        // two complete messages at once, then slow lines: the run is mid-output long enough to be rolled back
        Path script = Path.of("src/test/resources/agents/slow_story.sh").toAbsolutePath();
        assertThat(api.put("/v1/agents/talker", Map.of("adapter", "process",
                "command", List.of("/bin/bash", script.toString(), "3", "0.2"))).status()).isIn(200, 201);
    }


    static String status(String run) {
        return api.get("/v1/runs/" + run).json().path("status").asText();
    }

    @Test
    void purge_erases_runs_their_logs_rolled_back_messages_and_directives() {
        String key = "agent:main:telegram:dm:purge-runs";
        api.post("/v1/sessions", Map.of("key", key));
        String path = "/v1/sessions/" + seg(key);
        api.post("/v1/directives", Map.of("session_key", key, "content", "secret wombat directive",
                "priority", "normal", "tags", List.of("t")), "Idempotency-Key", "purge-runs-directive");
        String first = api.post(path + "/runs", Map.of("input", "tell me about the wombat", "agent", "talker"),
                "Idempotency-Key", "purge-runs-run").json().path("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get(path + "/messages").json().path("items").size() >= 2);
        // roll the first run back: its output moves to the archive
        String second = api.post(path + "/runs", Map.of("input", "wombat again", "agent", "talker", "on_active", "rollback"))
                .json().path("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> List.of("succeeded", "failed").contains(status(second)));
        Path logs = server.dataDir().resolve("runs").resolve(first);
        assertThat(logs).isDirectory();
        String rollback = (String) db.rows("SELECT id FROM archive WHERE key = ? AND reason = 'rollback' AND run_id = ?",
                key, first).getFirst().get("id");
        assertThat(db.count("SELECT count(*) FROM archive_messages WHERE archive_id = ?", rollback)).isPositive();
        assertThat(db.count("SELECT count(*) FROM directives WHERE session_key = ?", key)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM idempotency WHERE session_key = ?", key)).isEqualTo(2);

        assertThat(api.delete(path + "?purge=true").status()).isEqualTo(204);

        assertThat(db.count("SELECT count(*) FROM runs WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM archive_messages WHERE archive_id = ?", rollback)).isZero();
        assertThat(db.count("SELECT count(*) FROM archive WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM idempotency WHERE key IN ('purge-runs-directive', 'purge-runs-run')")).isZero();
        assertThat(db.count("SELECT count(*) FROM directives WHERE session_key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM directive_deliveries WHERE session_key = ?", key)).isZero();
        assertThat(Files.exists(logs)).isFalse();
        assertThat(Files.exists(server.dataDir().resolve("runs").resolve(second))).isFalse();
        assertThat(db.count("SELECT count(*) FROM events WHERE key = ? AND data LIKE '%wombat%'", key)).isZero();
    }
}
