package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention: events older than {@code events.retention} are pruned, and a subscriber resuming from a pruned
 * position is told so ({@code reset}) instead of silently missing what was deleted. One scenario, set up once:
 * events at day 0, pruning at day 8, resumes from either side of the pruned prefix.
 */
@EachStore
class EventRetentionTest {
    static final MutableClock clock = MutableClock.at("2026-11-01T00:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.retention", "7d")).clock(clock);
    static Http api;
    static long firstOld;
    static long lastOld;
    static long firstKept;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        firstOld = CommittedEvents.head(server.db()) + 1;
        api.post("/v1/sessions", Map.of("key", "old-1"));
        api.post("/v1/sessions", Map.of("key", "old-2"));
        lastOld = CommittedEvents.head(server.db());
        clock.advance(Duration.ofDays(8));
        api.post("/v1/sessions", Map.of("key", "kept"));
        firstKept = CommittedEvents.head(server.db());
        assertThat(server.server().eventService().prune()).isEqualTo(lastOld - firstOld + 1);
    }


    @Test
    void pruning_deleted_exactly_the_events_older_than_the_retention() {
        assertThat(CommittedEvents.seqsAfter(server.db(), 0)).as("the log starts at the first kept event").startsWith(firstKept);
        assertThat(server.server().eventService().prune()).as("nothing left to prune").isZero();
        assertThat(server.anonymous().get("/metrics").body()).containsPattern("switchboard_events_pruned_total [1-9]");
    }

    @Test
    void resuming_from_a_pruned_position_starts_with_reset_then_continues_live() {
        try (var sse = SseClient.connect(server.url() + "/v1/events", server.adminToken(), Long.toString(firstOld))) {
            SseClient.Event reset = sse.next();
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.seq()).as("continue from the head").isGreaterThanOrEqualTo(firstKept);
            JsonNode data = reset.json();
            assertThat(data.path("reason").asText()).isEqualTo("retention");
            assertThat(data.path("after").asLong()).isEqualTo(firstOld);
            assertThat(data.path("oldest_seq").asLong()).isEqualTo(lastOld + 1);
            assertThat(data.path("seq").asLong()).isEqualTo(reset.seq());
            api.post("/v1/sessions", Map.of("key", "after-reset"));
            assertThat(sse.next().json().path("key").asText()).isEqualTo("after-reset");
        }
    }

    @Test
    void resuming_exactly_at_the_pruned_boundary_loses_nothing_and_needs_no_reset() {
        try (var sse = SseClient.connect(server.url() + "/v1/events?after=" + lastOld, server.adminToken(), null)) {
            SseClient.Event first = sse.next();
            assertThat(first.event()).isEqualTo("session.created");
            assertThat(first.seq()).isEqualTo(firstKept);
        }
    }

    @Test
    void a_position_the_log_never_reached_is_a_reset_too() {
        try (var sse = SseClient.connect(server.url() + "/v1/events?after=999999", server.adminToken(), null)) {
            SseClient.Event reset = sse.next();
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.json().path("reason").asText()).isEqualTo("unknown-position");
        }
    }

    @Test
    void websocket_subscribers_get_the_same_reset() {
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            ws.result("events.subscribe", Map.of("after", firstOld));
            JsonNode reset = ws.nextEvent(Duration.ofSeconds(10));
            assertThat(reset.path("event").asText()).isEqualTo("reset");
            assertThat(reset.path("data").path("reason").asText()).isEqualTo("retention");
        }
    }
}
