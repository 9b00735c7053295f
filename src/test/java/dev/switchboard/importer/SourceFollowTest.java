package dev.switchboard.importer;

import static dev.switchboard.importer.ClaudeCodeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's [[sources]] follower end to end: import at start, follow growing files, resume after a restart. */
@EachStore
class SourceFollowTest {
    /** One source directory for every store's run: each run's server starts on it empty and follows what is written. */
    static final Path projects = emptyProjects();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sources",
            List.of(Map.of("kind", "claude-code", "path", projects.toString(), "follow", true, "channel", "laptop"))));
    static ClaudeCodeFixture live;

    private static Path emptyProjects() {
        try {
            return Files.createDirectories(Files.createTempDirectory("follow-home").resolve(".claude/projects"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Written after the run's server started: it finds the file by following, as it would a new session. */
    @BeforeEachStore
    static void start() throws IOException {
        live = new ClaudeCodeFixture(projects, "live");
        live.user("live-u1", null, "first prompt");
        live.assistant("live-a1", "live-u1", "m1", "r1", text("first answer"), Map.of("input_tokens", 1, "output_tokens", 1));
    }

    @AfterEachStore
    static void emptyTheSource() throws IOException {
        try (var files = Files.walk(projects)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) if (!p.equals(projects)) Files.delete(p);
        }
    }

    private static List<String> ids() {
        var r = server.admin().get("/v1/sessions/" + dev.switchboard.testing.Http.seg(live.key()) + "/messages?limit=500");
        if (r.status() == 404) return List.of();
        return Imports.sourceIds(server, live.key());
    }

    @Test
    void imports_at_start_then_follows_a_growing_file_and_resumes_after_a_restart() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ids().size() == 2);
        assertThat(Imports.session(server, live.key()).path("channel").asText()).isEqualTo("laptop");

        long appended = System.nanoTime();
        live.user("live-u2", "live-a1", "second prompt");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> ids().size() == 3);
        long latencyMs = (System.nanoTime() - appended) / 1_000_000;
        assertThat(latencyMs).as("appended within about a second of the source writing").isLessThan(2_500);

        server.restart();
        live.assistant("live-a2", "live-u2", "m2", "r2", text("second answer"), Map.of("input_tokens", 2, "output_tokens", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids().size() == 4);
        live.user("live-u3", "live-a2", "third prompt");
        await().atMost(Duration.ofSeconds(10)).until(() -> ids().size() == 5);
        assertThat(ids()).containsExactly("live-u1", "live-a1", "live-u2", "live-a2", "live-u3");
    }

    @Test
    void a_session_the_sweeper_ended_is_revived_when_its_source_goes_on() {
        var f = new ClaudeCodeFixture(projects, "revived");
        f.user("rv-1", null, "before the break");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admin().get("/v1/sessions/" + f.key()).status() == 200);
        assertThat(server.admin().post("/v1/sessions/" + f.key() + "/end", Map.of("reason", "stale")).status()).isEqualTo(200);
        f.user("rv-2", "rv-1", "after the break");
        await().atMost(Duration.ofSeconds(10)).until(() -> Imports.sourceIds(server, f.key()).size() == 2);
        assertThat(Imports.session(server, f.key()).path("status").asText()).isEqualTo("active");
    }

    @Test
    void sources_shows_each_source_state_to_admins_only() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.admin().get("/v1/sources").json().path("items").path(0).path("state").asText().equals("following"));
        JsonNode s = server.admin().get("/v1/sources").json().path("items").get(0);
        assertThat(s.path("kind").asText()).isEqualTo("claude-code");
        assertThat(s.path("paths").get(0).asText()).isEqualTo(projects.toString());
        assertThat(s.path("watch").asText()).isIn("notify", "polling");
        assertThat(s.path("files").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("last_error").isNull()).isTrue();
        var reader = server.client("reader", List.of("sessions:read", "transcripts:read"), Map.of());
        assertThat(reader.get("/v1/sources").status()).isEqualTo(403);
    }

    @Test
    void a_truncated_and_rewritten_file_is_reported_and_its_new_lines_imported() throws IOException {
        var f = new ClaudeCodeFixture(projects, "rewritten");
        f.user("rw-1", null, "one");
        f.user("rw-2", "rw-1", "two");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admin().get("/v1/sessions/" + f.key()).status() == 200
                && Imports.sourceIds(server, f.key()).size() == 2);
        Files.writeString(f.file, "");
        f.user("rw-new", null, "a different history");
        await().atMost(Duration.ofSeconds(10)).until(() -> Imports.sourceIds(server, f.key()).size() == 3);
        assertThat(Imports.sourceIds(server, f.key())).containsExactly("rw-1", "rw-2", "rw-new");
        JsonNode s = server.admin().get("/v1/sources").json().path("items").get(0);
        assertThat(s.path("history_changes").toString()).contains(f.key()).contains("no longer in the file");
    }
}
