package dev.switchboard.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.CliRun;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** [maintenance] retention: a dry run that changes nothing, then the same removals enforced; never active or protected. */
@EachStore
class MaintenanceTest {
    static final MutableClock clock = MutableClock.at("2026-11-01T00:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c
            .set("maintenance.prune_ended_after", "1h")
            .set("maintenance.archive_days", 2)
            .set("maintenance.every", "1d")
            .set("sessions.sweep_every", "1d")).clock(clock);
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    static JsonNode maintenance(boolean dry) {
        Response r = api.post("/v1/maintenance", Map.of("dry_run", dry));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void a_dry_run_changes_nothing_and_enforcing_removes_exactly_what_it_listed() throws Exception {
        for (String key : List.of("old-1", "old-2", "kept-protected", "still-active")) api.post("/v1/sessions", Map.of("key", key));
        api.post("/v1/sessions/old-1/end", Map.of());
        api.post("/v1/sessions/old-2/end", Map.of());
        api.patch("/v1/sessions/kept-protected", Map.of("protected", true));
        api.post("/v1/sessions/kept-protected/end", Map.of());
        Path ghost = Files.createDirectories(server.get().dataDir().resolve("runs").resolve("01GHOSTRUN"));
        clock.advance(Duration.ofHours(2));

        JsonNode dry = maintenance(true);
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("archived_sessions").path("count").asLong()).isEqualTo(2);
        assertThat(textList(dry.path("archived_sessions").path("first"))).containsExactly("old-1", "old-2");
        assertThat(textList(dry.path("removed_run_dirs").path("first"))).contains("01GHOSTRUN");
        assertThat(dry.path("store_bytes").asLong()).isPositive();
        assertThat(api.get("/v1/sessions/old-1").status()).isEqualTo(200);
        assertThat(Files.isDirectory(ghost)).isTrue();

        JsonNode done = maintenance(false);
        assertThat(textList(done.path("archived_sessions").path("first"))).containsExactly("old-1", "old-2");
        assertThat(api.get("/v1/sessions/old-1").status()).isEqualTo(404);
        assertThat(api.get("/v1/sessions/kept-protected").status()).isEqualTo(200);
        assertThat(api.get("/v1/sessions/still-active").status()).isEqualTo(200);
        assertThat(Files.exists(ghost)).isFalse();
        assertThat(api.get("/v1/archive?key=old-1").json().path("items")).hasSize(1);

        clock.advance(Duration.ofDays(3));
        JsonNode dryPurge = maintenance(true);
        assertThat(dryPurge.path("purged_archive_entries").path("count").asLong()).isEqualTo(2);
        assertThat(api.get("/v1/archive?key=old-1").json().path("items")).hasSize(1);
        JsonNode purged = maintenance(false);
        assertThat(purged.path("purged_archive_entries").path("count").asLong()).isEqualTo(2);
        assertThat(api.get("/v1/archive?key=old-1").json().path("items")).isEmpty();
        assertThat(maintenance(true).path("archived_sessions").path("count").asLong()).isZero();
    }

    static List<String> textList(JsonNode array) {
        var out = new java.util.ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void maintenance_is_for_admins_and_rejects_unknown_fields() {
        Http reader = api.as(server.token("mreader", List.of("sessions:read"), Map.of()));
        assertThat(reader.post("/v1/maintenance", Map.of("dry_run", true)).status()).isEqualTo(403);
        assertThat(api.post("/v1/maintenance", Map.of("dryrun", true)).status()).isEqualTo(422);
    }

    @Test
    void metrics_show_the_store_size() {
        String metrics = api.get("/metrics").body();
        var line = metrics.lines().filter(l -> l.startsWith("switchboard_store_size_bytes")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isPositive();
    }

    @Test
    void the_cli_dry_run_reports_and_changes_nothing() {
        var r = CliRun.run("maintenance", "--dry-run", "--url", server.url(), "--token", server.adminToken());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("would archive ended sessions:").contains("store size:");
        assertThat(CliRun.run("maintenance", "--url", server.url(), "--token", server.adminToken()).code()).isEqualTo(2);
    }
}
