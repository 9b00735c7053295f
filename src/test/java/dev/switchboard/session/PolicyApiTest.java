package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET/PUT /v1/policies}: config file as the baseline, admin overrides stored over it. */
@EachStore
class PolicyApiTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c
                .set("sessions.sweep_every", "1d")
                .set("policies.default.mode", "idle")
                .set("policies.default.idle_minutes", 120)
                .set("policies.platforms.whatsapp.time_zone", "Europe/Lisbon")).clock(clock);



    static JsonNode json(String text) {
        return Json.readStored(text);
    }

    @Test
    void get_shows_effective_config_and_overrides() {
        JsonNode v = server.admin().get("/v1/policies").json();
        assertThat(v.path("config").path("default").path("mode").asText()).isEqualTo("idle");
        assertThat(v.path("effective").path("default").path("idle_minutes").asInt()).isEqualTo(120);
        assertThat(v.path("effective").path("default").path("at_hour").asInt()).isEqualTo(4); // built in
        assertThat(v.path("effective").path("platforms").path("whatsapp").path("time_zone").asText()).isEqualTo("Europe/Lisbon");
        assertThat(v.has("overrides")).isTrue();
    }

    @Test
    void get_resolves_one_platform_and_chat_type() {
        JsonNode r = server.admin().get("/v1/policies?platform=whatsapp&chat_type=group").json().path("resolved");
        assertThat(r.path("mode").asText()).isEqualTo("idle");
        assertThat(r.path("time_zone").asText()).isEqualTo("Europe/Lisbon");
        assertThat(server.admin().get("/v1/policies?platform=whatsapp").status()).isEqualTo(422);
    }

    @Test
    void put_overrides_survive_a_restart_and_apply_to_resolve() {
        Response put = server.admin().put("/v1/policies", json("{\"platforms\": {\"matrix\": {\"mode\": \"idle\", \"idle_minutes\": 5}}}"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("effective").path("platforms").path("matrix").path("idle_minutes").asInt()).isEqualTo(5);
        server.restart();
        JsonNode after = server.admin().get("/v1/policies?platform=matrix&chat_type=dm").json();
        assertThat(after.path("overrides").path("platforms").path("matrix").path("mode").asText()).isEqualTo("idle");
        assertThat(after.path("resolved").path("idle_minutes").asInt()).isEqualTo(5);

        Map<String, Object> source = Map.of("platform", "matrix", "chat_type", "dm", "chat_id", "m1");
        server.admin().post("/v1/sessions/resolve", Map.of("source", source));
        clock.advance(Duration.ofMinutes(6));
        JsonNode r = server.admin().post("/v1/sessions/resolve", Map.of("source", source)).json();
        assertThat(r.path("reset").path("reason").asText()).isEqualTo("idle");
    }

    @Test
    void put_replaces_all_overrides_and_the_config_stays_underneath() {
        server.admin().put("/v1/policies", json("{\"default\": {\"mode\": \"daily\"}}"));
        assertThat(server.admin().get("/v1/policies").json().path("effective").path("default").path("mode").asText()).isEqualTo("daily");
        JsonNode cleared = server.admin().put("/v1/policies", json("{}")).json();
        assertThat(cleared.path("effective").path("default").path("mode").asText()).isEqualTo("idle");
        assertThat(cleared.path("overrides").path("platforms")).isEmpty();
    }

    @Test
    void invalid_documents_are_422_and_change_nothing() {
        JsonNode before = server.admin().get("/v1/policies").json();
        Response r = server.admin().put("/v1/policies", json("{\"default\": {\"mode\": \"hourly\", \"time_zone\": \"Nowhere/City\"}}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors")).hasSize(2);
        assertThat(server.admin().put("/v1/policies", null).status()).isEqualTo(422);
        assertThat(server.admin().get("/v1/policies").json()).isEqualTo(before);
    }

    @Test
    void policies_are_admin_only() {
        Http token = server.client("writer", List.of("sessions:write", "sessions:read"), Map.of());
        assertThat(token.get("/v1/policies").status()).isEqualTo(403);
        assertThat(token.put("/v1/policies", json("{}")).status()).isEqualTo(403);
    }
}
