package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscriber that stops reading: once TCP's buffers are full the server's write blocks, the subscriber's
 * bounded buffer fills, and it is closed with {@code event: overflow} naming its position; reconnecting with
 * that id delivers the rest, losslessly. (Large messages, so a few dozen requests fill the socket buffers.)
 */
@EachStore
class SlowConsumerTest {
    static final int BUFFER = 16;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.buffer", BUFFER));



    @Test
    void a_stalled_subscriber_gets_overflow_with_its_last_id_and_resumes_without_loss() {
        Http api = server.admin();
        String key = "slow-consumer";
        api.post("/v1/sessions", Map.of("key", key));
        long start = CommittedEvents.head(server.db());
        String big = "x".repeat(50_000);
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 10; i++) batch.add(Map.of("role", "assistant", "content", big));

        var received = new ArrayList<Long>();
        long overflowAt;
        try (var stalled = SseClient.connectPaused(server.url() + "/v1/events?after=" + start, server.adminToken(), null)) {
            assertThat(stalled.status()).isEqualTo(200);
            // 500 KB of events per batch until the socket buffers between server and client are full, the server's
            // write blocks, and the subscriber's live buffer overflows (the metric counts it the moment it does).
            for (int i = 0; i < 400 && overflows() == 0; i++) {
                assertThat(api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch)).status()).isEqualTo(201);
            }
            assertThat(overflows()).as("the stalled subscriber overflowed").isEqualTo(1);
            api.post("/v1/sessions/" + key + "/messages", Map.of("messages", batch)); // committed after the overflow
            stalled.startReading();
            while (true) {
                SseClient.Event e = stalled.next();
                if (e.event().equals("overflow")) {
                    overflowAt = e.seq();
                    assertThat(e.json().path("seq").asLong()).isEqualTo(overflowAt);
                    assertThat(e.json().path("reason").asText()).isEqualTo("overflow");
                    break;
                }
                received.add(e.seq());
            }
            assertThat(overflowAt).as("the overflow names the last delivered id").isEqualTo(received.getLast());
            assertThat(stalled.next(java.time.Duration.ofSeconds(5))).as("overflow is the last event").isNull();
            assertThat(stalled.ended()).isTrue();
        }

        List<Long> committed = CommittedEvents.seqsAfter(server.db(), start);
        assertThat(received.size()).isLessThan(committed.size());
        try (var resumed = SseClient.connect(server.url() + "/v1/events?after=" + start, server.adminToken(),
                Long.toString(overflowAt))) {
            while (received.size() < committed.size()) received.add(resumed.next().seq());
        }
        assertThat(received).isEqualTo(committed);
    }

    static long overflows() {
        var m = java.util.regex.Pattern.compile("switchboard_events_overflows_total\\{transport=\"sse\"} (\\d+)")
                .matcher(server.anonymous().get("/metrics").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
