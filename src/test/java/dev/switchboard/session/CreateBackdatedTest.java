package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code created_at} and {@code channel} on session create: what importers of older transcripts need. */
@EachStore
class CreateBackdatedTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();

    @BeforeEachStore
    static void start() {
    }

    @Test
    void created_at_backdates_the_session_and_its_first_instance() {
        Response r = server.admin().post("/v1/sessions", Map.of("key", "old-1", "created_at", "2025-01-02T10:00:00.123456Z"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("created_at").asText()).isEqualTo("2025-01-02T10:00:00.123Z");
        assertThat(r.json().path("updated_at").asText()).isNotEqualTo("2025-01-02T10:00:00.123Z");
        var instances = server.admin().get("/v1/sessions/old-1/instances").json().path("items");
        assertThat(instances.get(0).path("created_at").asText()).isEqualTo("2025-01-02T10:00:00.123Z");
    }

    @Test
    void created_at_in_the_future_or_malformed_is_a_422() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        Response r = server.admin().post("/v1/sessions", Map.of("key", "old-2", "created_at", future));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("created_at");
        assertThat(server.admin().post("/v1/sessions", Map.of("key", "old-3", "created_at", "yesterday")).status()).isEqualTo(422);
        assertThat(server.admin().get("/v1/sessions/old-2").status()).isEqualTo(404);
    }

    @Test
    void an_explicit_channel_labels_a_session_and_counts_for_grants() {
        Response r = server.admin().post("/v1/sessions", Map.of("key", "cc-1", "agent", "claude-code", "channel", "claude-code"));
        assertThat(r.json().path("channel").asText()).isEqualTo("claude-code");
        var other = server.client("other-channel", List.of("sessions:write"), Map.of("channels", List.of("telegram")));
        assertThat(other.post("/v1/sessions", Map.of("key", "cc-2", "channel", "claude-code")).status()).isEqualTo(403);
    }

    @Test
    void a_channel_must_be_a_platform_name_and_agree_with_the_source() {
        assertThat(server.admin().post("/v1/sessions", Map.of("key", "cc-3", "channel", "Not A Channel")).status()).isEqualTo(422);
        Response r = server.admin().post("/v1/sessions", Map.of("channel", "discord",
                "source", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "1")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("channel");
    }
}
