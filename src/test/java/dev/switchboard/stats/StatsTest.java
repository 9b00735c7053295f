package dev.switchboard.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/stats}: each number checked against the data that was written. */
@EachStore
class StatsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @Test
    void the_numbers_match_the_data_and_a_restricted_token_counts_only_its_sessions() {
        Http api = server.admin();
        api.post("/v1/sessions", Map.of("source", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "1")));
        api.post("/v1/sessions", Map.of("source", Map.of("platform", "slack", "chat_type", "dm", "chat_id", "2")));
        api.post("/v1/sessions", Map.of("key", "st-plain", "agent", "helper"));
        api.post("/v1/sessions/st-plain/end", Map.of());
        api.post("/v1/sessions/agent:main:telegram:dm:1/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "a"), Map.of("role", "assistant", "content", "b"))));
        String run = api.post("/v1/sessions/agent:main:slack:dm:2/runs", Map.of("input", "hi")).json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/v1/runs/" + run).json().path("status").asText().equals("succeeded"));

        JsonNode s = api.get("/v1/stats").json();
        assertThat(s.path("sessions").path("total").asLong()).isEqualTo(3);
        assertThat(s.path("sessions").path("by_status").path("active").asLong()).isEqualTo(2);
        assertThat(s.path("sessions").path("by_status").path("ended").asLong()).isEqualTo(1);
        assertThat(s.path("sessions").path("by_channel").path("telegram").asLong()).isEqualTo(1);
        assertThat(s.path("sessions").path("by_channel").path("slack").asLong()).isEqualTo(1);
        assertThat(s.path("sessions").path("by_agent").path("main").asLong()).isEqualTo(2);
        assertThat(s.path("sessions").path("by_agent").path("helper").asLong()).isEqualTo(1);
        assertThat(s.path("runs").path("total").asLong()).isEqualTo(1);
        assertThat(s.path("runs").path("by_status").path("succeeded").asLong()).isEqualTo(1);
        assertThat(s.path("messages").asLong()).isEqualTo(4); // 2 appended, the run's input and its answer
        long head = server.db().count("SELECT max(seq) FROM events");
        long events = server.db().count("SELECT count(*) FROM events");
        assertThat(s.path("head_seq").asLong()).isEqualTo(head);
        assertThat(s.path("events").asLong()).isEqualTo(events);

        Http narrow = server.client("st-narrow", List.of("sessions:read"), Map.of("channels", List.of("telegram")));
        JsonNode mine = narrow.get("/v1/stats").json();
        assertThat(mine.path("sessions").path("total").asLong()).isEqualTo(1);
        assertThat(mine.path("runs").path("total").asLong()).isZero();
        assertThat(mine.path("messages").asLong()).isEqualTo(2);
        assertThat(mine.path("events").asLong()).isLessThan(events);
    }
}
