package dev.switchboard.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
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
class ExportTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static String first;
    static String second;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        first = api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:ex", "title", "Export me")).json().path("id").asText();
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 1; i <= 1203; i++) batch.add(Map.of("role", "user", "content", "m" + i)); // more than two pages
        for (int from = 0; from < batch.size(); from += 600) { // a batch holds at most 1000
            Response r = api.post("/v1/sessions/agent:main:telegram:dm:ex/messages",
                    Map.of("messages", batch.subList(from, Math.min(from + 600, batch.size()))));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        second = api.post("/v1/sessions/agent:main:telegram:dm:ex/reset", Map.of()).json().path("id").asText();
        api.post("/v1/sessions/agent:main:telegram:dm:ex/messages", Map.of("role", "assistant",
                "content", List.of(Map.of("type", "text", "text", "after reset")), "usage", Map.of("output_tokens", 3)));
    }


    static List<JsonNode> lines(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var out = new ArrayList<JsonNode>();
        for (String line : r.body().split("\n")) out.add(Json.readStored(line));
        return out;
    }

    @Test
    void export_is_ndjson_session_then_each_instance_and_its_messages() {
        Response r = api.get("/v1/sessions/agent:main:telegram:dm:ex/export");
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(r.body()).endsWith("\n");
        List<JsonNode> lines = lines(r);
        assertThat(lines).hasSize(1 + 1 + 1203 + 1 + 1);
        JsonNode head = lines.getFirst();
        assertThat(head.path("type").asText()).isEqualTo("session");
        assertThat(head.path("format").asText()).isEqualTo("switchboard.export");
        assertThat(head.path("version").asInt()).isEqualTo(1);
        assertThat(head.path("session").path("title").asText()).isEqualTo("Export me");
        assertThat(lines.get(1).path("type").asText()).isEqualTo("instance");
        assertThat(lines.get(1).path("instance").path("id").asText()).isEqualTo(first);
        for (int i = 0; i < 1203; i++) {
            JsonNode m = lines.get(2 + i).path("message");
            assertThat(m.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(m.path("instance").asText()).isEqualTo(first);
        }
        assertThat(lines.get(1205).path("instance").path("id").asText()).isEqualTo(second);
        assertThat(lines.get(1205).path("instance").path("current").asBoolean()).isTrue();
        JsonNode last = lines.get(1206).path("message");
        assertThat(last.path("content").get(0).path("text").asText()).isEqualTo("after reset");
        assertThat(last.path("usage").path("output_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void export_of_one_instance() {
        List<JsonNode> lines = lines(api.get("/v1/sessions/agent:main:telegram:dm:ex/export?instance=" + second));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).path("instance").path("id").asText()).isEqualTo(second);
        assertThat(lines.get(2).path("message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void unknown_instance_missing_session_and_foreign_grants_are_404_problems() {
        assertThat(api.get("/v1/sessions/agent:main:telegram:dm:ex/export?instance=NOPE").problem()).isEqualTo("not-found");
        assertThat(api.get("/v1/sessions/nope/export").status()).isEqualTo(404);
        Http slack = server.client("slack", List.of("transcripts:read"), Map.of("channels", List.of("slack")));
        Response r = slack.get("/v1/sessions/agent:main:telegram:dm:ex/export");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        Http noScope = server.client("sessions", List.of("sessions:read"), Map.of());
        assertThat(noScope.get("/v1/sessions/agent:main:telegram:dm:ex/export").status()).isEqualTo(403);
    }
}
