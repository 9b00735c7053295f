package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instance lookup, protected sessions, directive attribution and the token totals agents compact by. */
@EachStore
class SessionGapsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.protected", List.of("agent:main:main")));
    static Http api;
    static Http writer;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        writer = server.client("writer", List.of("sessions:read", "sessions:write", "transcripts:read", "transcripts:write",
                "directives:write"), Map.of());
    }

    @Test
    void an_instance_id_finds_its_session() {
        String first = api.post("/v1/sessions", Map.of("key", "gaps-inst")).json().path("id").asText();
        api.post("/v1/sessions/gaps-inst/reset", Map.of());
        JsonNode found = api.get("/v1/instances/" + first).json();
        assertThat(found.path("key").asText()).isEqualTo("gaps-inst");
        assertThat(found.path("instance").path("id").asText()).isEqualTo(first);
        assertThat(found.path("instance").path("current").asBoolean()).isFalse();
        assertThat(found.path("session").path("key").asText()).isEqualTo("gaps-inst");
        assertThat(api.get("/v1/instances/01NOPE").status()).isEqualTo(404);
        Http discordOnly = api.as(server.token("discord", List.of("sessions:read"), Map.of("channels", List.of("discord"))));
        assertThat(discordOnly.get("/v1/instances/" + first).status()).isEqualTo(404);
    }

    @Test
    void a_protected_session_cant_be_deleted_or_purged_until_unprotected() {
        api.post("/v1/sessions", Map.of("key", "gaps-keep"));
        assertThat(writer.patch("/v1/sessions/gaps-keep", Map.of("protected", true)).status()).isEqualTo(403);
        Response p = api.patch("/v1/sessions/gaps-keep", Map.of("protected", true));
        assertThat(p.json().path("protected").asBoolean()).isTrue();
        Response delete = api.delete("/v1/sessions/gaps-keep");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.problem()).isEqualTo("conflict");
        assertThat(api.delete("/v1/sessions/gaps-keep?purge=true").status()).isEqualTo(409);
        api.patch("/v1/sessions/gaps-keep", Map.of("protected", false));
        assertThat(api.delete("/v1/sessions/gaps-keep").status()).isEqualTo(204);
    }

    @Test
    void keys_protected_by_the_configuration_are_protected_from_the_start() {
        Response created = api.post("/v1/sessions", Map.of("key", "agent:main:main"));
        assertThat(created.json().path("protected").asBoolean()).isTrue();
        assertThat(api.delete("/v1/sessions/agent:main:main?purge=true").status()).isEqualTo(409);
        assertThat(api.patch("/v1/sessions/agent:main:main", Map.of("protected", false)).status()).isEqualTo(409);
    }

    @Test
    void a_directive_carries_its_source_and_medium_means_normal() {
        api.post("/v1/sessions", Map.of("key", "gaps-dir"));
        Response r = writer.post("/v1/directives", Map.of("session_key", "gaps-dir", "content", "ship it", "tags", List.of("t"),
                "priority", "medium", "source", Map.of("agent", "planner", "session_key", "agent:planner:main", "user", "ada")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("priority").asText()).isEqualTo("normal");
        assertThat(r.json().path("source").path("agent").asText()).isEqualTo("planner");
        JsonNode listed = api.get("/v1/sessions/gaps-dir/directives").json().path("items").get(0);
        assertThat(listed.path("source").path("user").asText()).isEqualTo("ada");
        assertThat(listed.path("source").path("session_key").asText()).isEqualTo("agent:planner:main");
        Response bad = writer.post("/v1/directives", Map.of("session_key", "gaps-dir", "content", "x", "tags", List.of("t"),
                "source", Map.of("team", "x")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").findValuesAsText("field")).contains("source.team");
    }

    @Test
    void usage_has_total_tokens_and_the_last_prompt_size() {
        api.post("/v1/sessions", Map.of("key", "gaps-tokens"));
        api.post("/v1/sessions/gaps-tokens/messages", Map.of("role", "assistant", "content", "a",
                "usage", Map.of("input_tokens", 100, "output_tokens", 10, "cache_read_tokens", 50)));
        api.post("/v1/sessions/gaps-tokens/messages", Map.of("role", "user", "content", "next"));
        JsonNode usage = api.get("/v1/sessions/gaps-tokens").json().path("usage");
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(160);
        assertThat(usage.path("last_prompt_tokens").asLong()).isEqualTo(150);
        api.post("/v1/sessions/gaps-tokens/messages", Map.of("role", "assistant", "content", "b",
                "usage", Map.of("input_tokens", 300, "output_tokens", 5, "cache_write_tokens", 20)));
        usage = api.get("/v1/sessions/gaps-tokens").json().path("usage");
        assertThat(usage.path("last_prompt_tokens").asLong()).isEqualTo(320);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(485);
    }
}
