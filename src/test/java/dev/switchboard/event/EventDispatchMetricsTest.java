package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live dispatch as the server wires it: its metrics, and the order it stops in. */
@EachStore
class EventDispatchMetricsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @Test
    void the_server_exposes_the_dispatch_metrics_and_stops_its_dispatcher_after_the_store_on_close() throws Exception {
        EventHub hub = server.server().events().hub();
        var recorder = new EventDispatchTest.Recorder();
        long start;
        List<Long> committed;
        try (var subscription = hub.subscribe(recorder)) {
            start = CommittedEvents.head(server.db());
            var api = server.admin();
            api.post("/v1/sessions", Map.of("key", "dispatch-metrics"));
            api.post("/v1/sessions/dispatch-metrics/messages", Map.of("role", "user", "content", "hello"));
            assertThat(server.anonymous().get("/metrics").body())
                    .containsPattern("switchboard_events_dispatch_queue_events [0-9.]+")
                    .contains("switchboard_events_dispatch_dropped_events_total 0.0")
                    .contains("switchboard_events_dispatch_gaps_total 0.0");
            committed = CommittedEvents.seqsAfter(server.db(), start);
        }
        server.get().close(); // the extension's close afterwards is a no-op
        assertThat(hub.dispatching()).isFalse();
        assertThat(committed).isNotEmpty();
        long last = committed.getLast();
        assertThat(recorder.seqs.stream().filter(seq -> seq > start && seq <= last).toList()).isEqualTo(committed);
    }
}
