package dev.switchboard.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code max_disk_bytes}: above the bound the oldest archive entries go, 100 a pass, and then only once the store has
 * grown again — deleting does not shrink a store's file, so "still above" alone would empty the archive.
 */
@EachStore
class DiskBoundTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c
            .set("maintenance.max_disk_bytes", 1)
            .set("maintenance.every", "1d")
            .set("sessions.sweep_every", "1d"));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    static long purged() {
        Response r = api.post("/v1/maintenance", Map.of("dry_run", false));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("purged_archive_entries").path("count").asLong();
    }

    @Test
    void over_the_bound_the_oldest_entries_go_and_again_only_when_the_store_grows() {
        for (int i = 0; i < 130; i++) {
            String key = "bound-" + i;
            api.post("/v1/sessions", Map.of("key", key));
            assertThat(api.delete("/v1/sessions/" + key).status()).isEqualTo(204);
        }
        assertThat(purged()).isEqualTo(100);
        JsonNode left = api.get("/v1/archive?limit=200").json().path("items");
        assertThat(left).hasSize(30);
        left.forEach(e -> assertThat(Integer.parseInt(e.path("key").asText().substring("bound-".length())))
                .as("the oldest went first").isGreaterThanOrEqualTo(100));

        // Nothing written since: the store is as large as it was (its freed space is reused), so nothing more goes.
        assertThat(purged()).isZero();
        assertThat(api.get("/v1/archive?limit=200").json().path("items")).hasSize(30);

        // Grown past that mark, the bound purges again.
        api.post("/v1/sessions", Map.of("key", "bound-writer"));
        String big = "y".repeat(60_000);
        for (int i = 0; i < 80; i++) {
            assertThat(api.post("/v1/sessions/bound-writer/messages", Map.of("role", "user", "content", big)).status()).isEqualTo(201);
        }
        assertThat(purged()).isEqualTo(30);
        assertThat(api.get("/v1/archive?limit=200").json().path("items")).isEmpty();
    }
}
