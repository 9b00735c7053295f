package dev.switchboard.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class PreviewTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:pv"));
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 1; i <= 20; i++) batch.add(Map.of("role", "user", "content", "line " + i));
        batch.add(Map.of("role", "assistant", "content", List.of(
                Map.of("type", "thinking", "thinking", "hidden"),
                Map.of("type", "text", "text", "Let me   check\n\nthat."),
                Map.of("type", "tool_use", "id", "t1", "name", "Bash", "input", Map.of("command", "ls")))));
        batch.add(Map.of("role", "tool", "content", List.of(Map.of("type", "tool_result", "tool_use_id", "t1", "content", "x".repeat(3000)))));
        api.post("/v1/sessions/agent:main:telegram:dm:pv/messages", Map.of("messages", batch));
        api.post("/v1/sessions", Map.of("key", "agent:main:discord:dm:pv"));
    }


    @Test
    void preview_shows_the_latest_twelve_oldest_first_by_default() {
        JsonNode p = api.get("/v1/sessions/agent:main:telegram:dm:pv/preview").json();
        assertThat(p.path("key").asText()).isEqualTo("agent:main:telegram:dm:pv");
        JsonNode items = p.path("items");
        assertThat(items).hasSize(12);
        assertThat(items.get(0).path("seq").asLong()).isEqualTo(11);
        assertThat(items.get(11).path("seq").asLong()).isEqualTo(22);
    }

    @Test
    void text_is_extracted_from_blocks_and_whitespace_collapsed() {
        JsonNode items = api.get("/v1/sessions/agent:main:telegram:dm:pv/preview?limit=2").json().path("items");
        assertThat(items.get(0).path("text").asText()).isEqualTo("Let me check that. [tool_use Bash]");
        assertThat(items.get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(items.get(0).path("truncated").asBoolean()).isFalse();
    }

    @Test
    void long_text_is_cut_to_max_chars_with_an_ellipsis() {
        JsonNode last = api.get("/v1/sessions/agent:main:telegram:dm:pv/preview?limit=1").json().path("items").get(0);
        assertThat(last.path("text").asText()).hasSize(240).endsWith("…");
        assertThat(last.path("truncated").asBoolean()).isTrue();
        JsonNode wider = api.get("/v1/sessions/agent:main:telegram:dm:pv/preview?limit=1&max_chars=2000").json().path("items").get(0);
        assertThat(wider.path("text").asText()).hasSize(2000);
    }

    @Test
    void limits_above_the_maximum_are_422() {
        Response r = api.get("/v1/sessions/agent:main:telegram:dm:pv/preview?limit=51&max_chars=2001");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors")).hasSize(2);
        assertThat(api.get("/v1/sessions/agent:main:telegram:dm:pv/preview?limit=50").json().path("items")).hasSize(22);
    }

    @Test
    void batch_previews_each_key_and_marks_unknown_ones_missing() {
        JsonNode r = api.post("/v1/sessions/preview", Map.of("keys", List.of("agent:main:telegram:dm:pv", "nope"),
                "limit", 1, "max_chars", 10)).json();
        JsonNode previews = r.path("previews");
        assertThat(previews).hasSize(2);
        assertThat(previews.get(0).path("items").get(0).path("text").asText()).hasSize(10);
        assertThat(previews.get(1).path("key").asText()).isEqualTo("nope");
        assertThat(previews.get(1).path("status").asText()).isEqualTo("missing");
        assertThat(previews.get(1).has("items")).isFalse();
    }

    @Test
    void batch_of_more_than_64_keys_is_413() {
        var keys = new ArrayList<String>();
        for (int i = 0; i < 65; i++) keys.add("k" + i);
        Response r = api.post("/v1/sessions/preview", Map.of("keys", keys));
        assertThat(r.status()).isEqualTo(413);
        assertThat(api.post("/v1/sessions/preview", Map.of("keys", keys.subList(0, 64))).status()).isEqualTo(200);
        assertThat(api.post("/v1/sessions/preview", Map.of("limit", 1)).status()).isEqualTo(422);
    }

    @Test
    void sessions_outside_the_grants_are_404_alone_and_missing_in_a_batch() {
        Http discord = server.client("discord", List.of("transcripts:read"), Map.of("channels", List.of("discord")));
        assertThat(discord.get("/v1/sessions/agent:main:telegram:dm:pv/preview").status()).isEqualTo(404);
        assertThat(discord.get("/v1/sessions/agent:main:discord:dm:pv/preview").status()).isEqualTo(200);
        JsonNode previews = discord.post("/v1/sessions/preview",
                Map.of("keys", List.of("agent:main:telegram:dm:pv", "agent:main:discord:dm:pv"))).json().path("previews");
        assertThat(previews.get(0).path("status").asText()).isEqualTo("missing");
        assertThat(previews.get(1).path("items").isArray()).isTrue();
    }
}
