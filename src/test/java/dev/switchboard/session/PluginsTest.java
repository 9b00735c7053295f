package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT /v1/sessions/{key}/plugins/{plugin_id}/{namespace}}. */
@EachStore
class PluginsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("limits.max_metadata_bytes", 1024));
    static Http api;
    static Http memoryPlugin;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        memoryPlugin = server.client("memory", List.of("sessions:read"), Map.of("plugins", List.of("memory"),
                "channels", List.of("telegram")));
    }


    static JsonNode json(String text) {
        return Json.readStored(text);
    }

    @Test
    void put_stores_any_json_under_plugin_and_namespace() {
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:p1"));
        Response r = api.put("/v1/sessions/agent:main:telegram:dm:p1/plugins/memory/facts", json("{\"likes\": [\"tea\"]}"));
        assertThat(r.status()).isEqualTo(200);
        api.put("/v1/sessions/agent:main:telegram:dm:p1/plugins/memory/count", json("3"));
        JsonNode s = api.put("/v1/sessions/agent:main:telegram:dm:p1/plugins/todo/list", json("[\"a\"]")).json();
        assertThat(s.path("plugins")).isEqualTo(json("{\"memory\": {\"facts\": {\"likes\": [\"tea\"]}, \"count\": 3}, \"todo\": {\"list\": [\"a\"]}}"));
        assertThat(s.path("version").asLong()).isEqualTo(4);
    }

    @Test
    void null_deletes_the_namespace_and_an_empty_plugin() {
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:p2"));
        api.put("/v1/sessions/agent:main:telegram:dm:p2/plugins/memory/facts", json("1"));
        JsonNode s = api.put("/v1/sessions/agent:main:telegram:dm:p2/plugins/memory/facts", "null").json();
        assertThat(s.path("plugins")).isEqualTo(json("{}"));
        assertThat(api.put("/v1/sessions/agent:main:telegram:dm:p2/plugins/memory/facts", null).status()).isEqualTo(422);
    }

    @Test
    void a_token_granted_the_plugin_may_write_only_that_plugin() {
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:p3"));
        assertThat(memoryPlugin.put("/v1/sessions/agent:main:telegram:dm:p3/plugins/memory/x", json("true")).status()).isEqualTo(200);
        Response other = memoryPlugin.put("/v1/sessions/agent:main:telegram:dm:p3/plugins/todo/x", json("true"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.problem()).isEqualTo("forbidden");
    }

    @Test
    void a_granted_plugin_still_cannot_reach_sessions_outside_the_channels() {
        api.post("/v1/sessions", Map.of("key", "agent:main:discord:dm:p4"));
        Response r = memoryPlugin.put("/v1/sessions/agent:main:discord:dm:p4/plugins/memory/x", json("1"));
        Response missing = memoryPlugin.put("/v1/sessions/agent:main:telegram:dm:nobody/plugins/memory/x", json("1"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void plugins_over_the_size_limit_are_413() {
        api.post("/v1/sessions", Map.of("key", "p5"));
        Response r = api.put("/v1/sessions/p5/plugins/memory/blob", Json.write("x".repeat(2000)));
        assertThat(r.status()).isEqualTo(413);
        assertThat(api.get("/v1/sessions/p5").json().path("plugins")).isEqualTo(json("{}"));
    }

    @Test
    void bad_plugin_or_namespace_names_are_422_and_stale_if_match_412() {
        api.post("/v1/sessions", Map.of("key", "p6"));
        assertThat(api.put("/v1/sessions/p6/plugins/bad%20name/x", json("1")).status()).isEqualTo(422);
        assertThat(api.put("/v1/sessions/p6/plugins/memory/x", json("1"), "If-Match", "\"9\"").status()).isEqualTo(412);
    }
}
