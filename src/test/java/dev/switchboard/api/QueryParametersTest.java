package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unknown query parameters are a 422 naming them on every list; the filters users reached for exist. */
@EachStore
class QueryParametersTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d"));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        assertThat(api.post("/v1/sessions", Map.of("key", "qp-main")).status()).isIn(200, 201);
    }

    @Test
    void unknown_query_parameters_are_a_422_naming_them_on_every_list() {
        var lists = List.of("/v1/sessions", "/v1/sessions/qp-main/messages", "/v1/sessions/qp-main/instances",
                "/v1/sessions/qp-main/runs", "/v1/sessions/qp-main/directives", "/v1/sessions/qp-main/checkpoints",
                "/v1/sessions/qp-main/preview", "/v1/sessions/qp-main/context", "/v1/search?q=x", "/v1/usage",
                "/v1/tokens", "/v1/archive", "/v1/sessions/qp-main/export");
        var failures = new ArrayList<String>();
        for (String path : lists) {
            Response r = api.get(path + (path.contains("?") ? "&" : "?") + "no_such_filter=x");
            if (r.status() != 422 || !r.body().contains("no_such_filter")) failures.add(path + " → " + r);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void the_problem_lists_every_unknown_parameter_as_a_field_error() {
        Response r = api.get("/v1/sessions?since=2026-01-01T00:00:00Z&bogus=1&limit=5");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.problem()).isEqualTo("validation");
        assertThat(r.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("since", "bogus");
    }

    @Test
    void an_empty_unknown_parameter_is_still_an_error() {
        assertThat(api.get("/v1/sessions?metadata.branch=").status()).isEqualTo(422);
    }

    @Test
    void unknown_parameters_of_a_websocket_list_are_a_422_too() {
        try (WsClient ws = WsClient.connect(server.url(), api.token(), null)) {
            JsonNode reply = ws.call("sessions.list", Map.of("no_such_filter", "x"));
            assertThat(reply.path("error").path("status").asInt()).isEqualTo(422);
            assertThat(reply.path("error").path("errors").findValuesAsText("field")).contains("no_such_filter");
            assertThat(ws.call("messages.list", Map.of("key", "qp-main", "limit", 1)).has("result")).isTrue();
        }
    }

    @Test
    void messages_filter_by_created_at_since_inclusive_until_exclusive() {
        api.post("/v1/sessions", Map.of("key", "qp-times"));
        api.post("/v1/sessions/qp-times/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "one", "created_at", "2026-01-01T00:00:00.000Z"),
                Map.of("role", "user", "content", "two", "created_at", "2026-01-02T00:00:00.000Z"),
                Map.of("role", "user", "content", "three", "created_at", "2026-01-03T00:00:00.000Z"))));
        JsonNode items = api.get("/v1/sessions/qp-times/messages?since=2026-01-02T00:00:00.000Z").json().path("items");
        assertThat(items.findValuesAsText("content")).containsExactly("two", "three");
        items = api.get("/v1/sessions/qp-times/messages?until=2026-01-02T00:00:00.000Z").json().path("items");
        assertThat(items.findValuesAsText("content")).containsExactly("one");
        items = api.get("/v1/sessions/qp-times/messages?since=2026-01-01T12:00:00Z&until=2026-01-03T00:00:00Z").json().path("items");
        assertThat(items.findValuesAsText("content")).containsExactly("two");
        assertThat(api.get("/v1/sessions/qp-times/messages?since=yesterday").status()).isEqualTo(422);
    }

    @Test
    void sessions_take_several_statuses() {
        api.post("/v1/sessions", Map.of("key", "qp-status-a", "channel", "qpstatus"));
        api.post("/v1/sessions", Map.of("key", "qp-status-b", "channel", "qpstatus"));
        api.post("/v1/sessions/qp-status-b/end", Map.of());
        JsonNode both = api.get("/v1/sessions?channel=qpstatus&status=active,ended").json().path("items");
        assertThat(both.findValuesAsText("key")).containsExactlyInAnyOrder("qp-status-a", "qp-status-b");
        JsonNode repeated = api.get("/v1/sessions?channel=qpstatus&status=active&status=idle").json().path("items");
        assertThat(repeated.findValuesAsText("key")).containsExactly("qp-status-a");
        Response bad = api.get("/v1/sessions?status=active,asleep");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("asleep");
    }

    @Test
    void a_session_without_a_chat_source_takes_its_channel_explicitly() {
        Response r = api.post("/v1/sessions", Map.of("key", "editor:vscode:1", "channel", "vscode"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("channel").asText()).isEqualTo("vscode");
        assertThat(api.get("/v1/sessions?channel=vscode").json().path("items").findValuesAsText("key")).contains("editor:vscode:1");
    }
}
