package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that closes its event stream gives its {@code events.max_streams} slot back at once (issue 18), not when
 * the next keep-alive fails to write — here a minute away, so only noticing the close itself can pass.
 */
@EachStore
class StreamSlotTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.max_streams", 2).set("events.keep_alive", "60s"));
    static String events;

    @BeforeEachStore
    static void start() {
        events = server.url() + "/v1/events";
    }

    static int open() {
        try (var probe = SseClient.connect(events, server.adminToken(), null)) {
            return probe.status();
        }
    }

    @Test
    void a_closed_sse_connection_frees_its_slot_when_the_peer_closes() {
        try (var first = SseClient.connect(events, server.adminToken(), null);
             var second = SseClient.connect(events, server.adminToken(), null)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(open()).as("a third stream over events.max_streams = 2").isEqualTo(503);
            first.close();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> open() == 200);
            // The probe that just got its 200 has closed too, and its slot is freed when the server sees that close:
            // read right away, the gauge may still count it (2.0; it failed so once under load).
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    server.admin().get("/metrics").body().contains("switchboard_streams_open{transport=\"sse\"} 1.0"));
        }
    }
}
