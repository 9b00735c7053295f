package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class MetricsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @Test
    void metrics_expose_requests_per_route_and_store_commit_batches() {
        var api = server.admin();
        api.post("/v1/sessions", Map.of("key", "m1"));
        api.post("/v1/sessions/m1/messages", Map.of("role", "user", "content", "x"));
        api.get("/v1/sessions/m1");
        String text = server.anonymous().get("/metrics").body();
        assertThat(text)
                .contains("switchboard_http_requests_seconds_count{method=\"POST\",route=\"/v1/sessions/{key}/messages\",status=\"201\"} 1")
                .contains("switchboard_http_requests_seconds_count{method=\"GET\",route=\"/v1/sessions/{key}\",status=\"200\"} 1")
                .contains("switchboard_store_commit_batch_size_writes_count")
                .contains("switchboard_store_commit_duration_seconds_count")
                .contains("jvm_memory_used_bytes");
        assertThat(text).as("concrete keys never become labels").doesNotContain("route=\"/v1/sessions/m1\"");
    }

    @Test
    void health_and_readiness_need_no_token() {
        assertThat(server.anonymous().get("/healthz").json().path("status").asText()).isEqualTo("ok");
        var ready = server.anonymous().get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("store").asText()).isEqualTo(server.store().wire());
    }
}
