package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several subscriptions per WebSocket, and filters that take lists, on SSE and WebSocket alike. */
@EachStore
class EventSubscriptionsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.buffer", 256));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    static List<String> keys(WsClient ws, String subscription, int n) {
        var out = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            JsonNode e = ws.nextEvent(Duration.ofSeconds(10));
            assertThat(e).as("event " + i).isNotNull();
            if (subscription != null) assertThat(e.path("subscription").asText()).isEqualTo(subscription);
            out.add(e.path("data").path("key").asText());
        }
        return out;
    }

    @Test
    void a_subscription_with_a_list_of_sessions_delivers_each_of_them() {
        try (WsClient ws = WsClient.connect(server.url(), api.token(), null)) {
            JsonNode r = ws.result("events.subscribe", Map.of("session", List.of("sub-a", "sub-b"), "types", List.of("session.created")));
            assertThat(r.path("subscription").asText()).isEqualTo("default");
            api.post("/v1/sessions", Map.of("key", "sub-a"));
            api.post("/v1/sessions", Map.of("key", "sub-other"));
            api.post("/v1/sessions", Map.of("key", "sub-b"));
            assertThat(keys(ws, "default", 2)).containsExactly("sub-a", "sub-b");
            assertThat(ws.nextEvent(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void several_subscriptions_each_carry_their_id_and_end_one_at_a_time() {
        try (WsClient ws = WsClient.connect(server.url(), api.token(), null)) {
            ws.result("events.subscribe", Map.of("subscription", "one", "session", "multi-1", "types", "session.created"));
            ws.result("events.subscribe", Map.of("subscription", "two", "session", "multi-2", "types", "session.created"));
            api.post("/v1/sessions", Map.of("key", "multi-1"));
            JsonNode first = ws.nextEvent(Duration.ofSeconds(10));
            assertThat(first.path("subscription").asText()).isEqualTo("one");
            api.post("/v1/sessions", Map.of("key", "multi-2"));
            JsonNode second = ws.nextEvent(Duration.ofSeconds(10));
            assertThat(second.path("subscription").asText()).isEqualTo("two");
            assertThat(second.path("data").path("key").asText()).isEqualTo("multi-2");

            assertThat(ws.result("events.unsubscribe", Map.of("subscription", "one")).path("unsubscribed").asBoolean()).isTrue();
            assertThat(ws.result("events.unsubscribe", Map.of("subscription", "one")).path("unsubscribed").asBoolean()).isFalse();
            api.post("/v1/sessions/multi-1/reset", Map.of());
            ws.result("events.subscribe", Map.of("subscription", "two", "session", "multi-2", "types", "session.reset"));
            api.post("/v1/sessions/multi-2/reset", Map.of());
            JsonNode reset = ws.nextEvent(Duration.ofSeconds(10));
            assertThat(reset.path("event").asText()).isEqualTo("session.reset");
            assertThat(reset.path("data").path("key").asText()).isEqualTo("multi-2");
            assertThat(ws.result("events.unsubscribe", Map.of()).path("unsubscribed").asBoolean()).isTrue();
        }
    }

    @Test
    void a_filter_value_of_the_wrong_type_is_a_422() {
        try (WsClient ws = WsClient.connect(server.url(), api.token(), null)) {
            JsonNode obj = ws.call("events.subscribe", Map.of("session", Map.of("key", "x")));
            assertThat(obj.path("error").path("status").asInt()).isEqualTo(422);
            assertThat(obj.path("error").path("errors").findValuesAsText("field")).contains("session");
            JsonNode nested = ws.call("events.subscribe", Map.of("channel", List.of(List.of("a"))));
            assertThat(nested.path("error").path("errors").findValuesAsText("field")).contains("channel[0]");
            JsonNode unknown = ws.call("events.subscribe", Map.of("sessions", List.of("a")));
            assertThat(unknown.path("error").path("errors").findValuesAsText("field")).contains("sessions");
            JsonNode badId = ws.call("events.subscribe", Map.of("subscription", "no spaces"));
            assertThat(badId.path("error").path("status").asInt()).isEqualTo(422);
        }
    }

    @Test
    void sse_takes_lists_of_sessions_and_channels() throws Exception {
        try (SseClient sse = SseClient.connect(server.url() + "/v1/events?types=session.created&channel=sselist1,sselist2",
                server.adminToken(), null)) {
            assertThat(sse.status()).isEqualTo(200);
            api.post("/v1/sessions", Map.of("key", "sse-l1", "channel", "sselist1"));
            api.post("/v1/sessions", Map.of("key", "sse-l0", "channel", "sselist0"));
            api.post("/v1/sessions", Map.of("key", "sse-l2", "channel", "sselist2"));
            assertThat(sse.next().json().path("key").asText()).isEqualTo("sse-l1");
            assertThat(sse.next().json().path("key").asText()).isEqualTo("sse-l2");
        }
        try (SseClient sse = SseClient.connect(server.url() + "/v1/events?types=session.created&session=sse-s1&session=sse-s2",
                server.adminToken(), null)) {
            api.post("/v1/sessions", Map.of("key", "sse-s0"));
            api.post("/v1/sessions", Map.of("key", "sse-s2"));
            api.post("/v1/sessions", Map.of("key", "sse-s1"));
            assertThat(sse.next().json().path("key").asText()).isEqualTo("sse-s2");
            assertThat(sse.next().json().path("key").asText()).isEqualTo("sse-s1");
        }
    }

    @Test
    void sse_rejects_unknown_parameters() {
        try (SseClient sse = SseClient.connect(server.url() + "/v1/events?sessions=a", server.adminToken(), null)) {
            assertThat(sse.errorResponse().status()).isEqualTo(422);
        }
    }
}
