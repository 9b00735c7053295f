package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source fields other gateways send are stored and returned; user_id_alt is the participant; DMs route without chat_id. */
@EachStore
class SourceFieldsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    static Map<String, Object> source(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Response resolve(Map<String, Object> source) {
        return api.post("/v1/sessions/resolve", Map.of("source", source));
    }

    @Test
    void the_extra_source_fields_are_stored_and_returned() {
        var src = source("platform", "discord", "chat_type", "channel", "chat_id", "c-1", "chat_topic", "release planning",
                "chat_id_alt", "alt-c-1", "scope_id", "guild-9", "parent_chat_id", "c-0", "user_id", "u1");
        Response r = api.post("/v1/sessions", Map.of("source", src));
        assertThat(r.status()).isEqualTo(201);
        String key = r.json().path("key").asText();
        JsonNode stored = api.get("/v1/sessions/" + key).json().path("source");
        assertThat(stored.path("chat_topic").asText()).isEqualTo("release planning");
        assertThat(stored.path("chat_id_alt").asText()).isEqualTo("alt-c-1");
        assertThat(stored.path("scope_id").asText()).isEqualTo("guild-9");
        assertThat(stored.path("parent_chat_id").asText()).isEqualTo("c-0");
    }

    @Test
    void an_unknown_source_field_is_a_422_naming_it() {
        Response r = resolve(source("platform", "telegram", "chat_type", "dm", "chat_id", 1, "chat_colour", "red"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").findValuesAsText("field")).contains("source.chat_colour");
    }

    @Test
    void user_id_alt_is_the_participant_of_per_user_isolation() {
        var byPhone = source("platform", "signal", "chat_type", "group", "chat_id", "g1", "user_id", "+4912", "user_id_alt", "u-7f3a");
        var byUuid = source("platform", "signal", "chat_type", "group", "chat_id", "g1", "user_id", "other-form", "user_id_alt", "u-7f3a");
        String key = resolve(byPhone).json().path("session").path("key").asText();
        assertThat(key).isEqualTo("agent:main:signal:group:g1:u-7f3a");
        assertThat(resolve(byUuid).json().path("session").path("key").asText()).isEqualTo(key);
        JsonNode stored = api.get("/v1/sessions/" + key).json().path("source");
        assertThat(stored.path("user_id_alt").asText()).isEqualTo("u-7f3a");
    }

    @Test
    void a_dm_without_chat_id_routes_by_its_participant_or_thread() {
        assertThat(resolve(source("platform", "signal", "chat_type", "dm", "user_id", "+4912", "user_id_alt", "u-dm"))
                .json().path("session").path("key").asText()).isEqualTo("agent:main:signal:dm:u-dm");
        assertThat(resolve(source("platform", "telegram", "chat_type", "dm", "user_id", 555))
                .json().path("session").path("key").asText()).isEqualTo("agent:main:telegram:dm:555");
        Response thread = resolve(source("platform", "slack", "chat_type", "dm", "thread_id", "1700.1"));
        assertThat(thread.json().path("session").path("key").asText()).isEqualTo("agent:main:slack:dm-thread:1700.1");
        assertThat(resolve(source("platform", "slack", "chat_type", "dm", "thread_id", "1700.1"))
                .json().path("session").path("key").asText()).isEqualTo("agent:main:slack:dm-thread:1700.1");
    }

    @Test
    void a_dm_with_nothing_to_route_by_and_a_group_without_chat_id_stay_422() {
        Response dm = resolve(source("platform", "slack", "chat_type", "dm"));
        assertThat(dm.status()).isEqualTo(422);
        assertThat(dm.json().path("errors").findValuesAsText("field")).contains("source.chat_id");
        Response group = resolve(source("platform", "slack", "chat_type", "group", "user_id", "u"));
        assertThat(group.status()).isEqualTo(422);
    }
}
