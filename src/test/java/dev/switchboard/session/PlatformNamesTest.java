package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Platforms are open-ended (README "Routing keys"): any well-formed name routes, a malformed or missing one is a 422. */
@EachStore
class PlatformNamesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @BeforeEachStore
    static void start() {
    }

    static Response resolve(Object platform) {
        var source = new java.util.HashMap<String, Object>(Map.of("chat_type", "dm", "chat_id", "1"));
        if (platform != null) source.put("platform", platform);
        return server.admin().post("/v1/sessions/resolve", Map.of("source", source));
    }

    @Test
    void a_platform_the_server_has_never_heard_of_routes_like_any_other() {
        Response r = resolve("my-webchat.v2");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("session").path("key").asText()).isEqualTo("agent:main:my-webchat.v2:dm:1");
        assertThat(r.json().path("session").path("channel").asText()).isEqualTo("my-webchat.v2");
    }

    @Test
    void a_malformed_or_missing_platform_is_a_422_naming_the_field() {
        for (Object bad : new Object[] {"Telegram", "tele gram", "", null}) {
            Response r = resolve(bad);
            assertThat(r.status()).as(String.valueOf(bad)).isEqualTo(422);
            assertThat(r.json().path("errors").findValuesAsText("field")).contains("source.platform");
        }
    }
}
