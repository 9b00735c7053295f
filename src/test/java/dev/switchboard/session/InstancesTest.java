package dev.switchboard.session;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manual reset, instances, switch, and the grant rule on each of them. */
@EachStore
class InstancesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d"));
    static Http api;
    static Http otherChannel;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        otherChannel = server.client("discord-only", List.of("sessions:read", "sessions:write", "transcripts:read"),
                Map.of("channels", List.of("discord")));
        db = server.db();
    }


    static String create(String key) {
        Response r = api.post("/v1/sessions", Map.of("key", key));
        assertThat(r.status()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static void say(String key, String text, int tokens) {
        assertThat(api.post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "assistant", "content", text,
                "usage", Map.of("input_tokens", tokens, "cost_usd", 0.5))).status()).isEqualTo(201);
    }

    @Test
    void reset_starts_new_instance_and_keeps_old_transcript() {
        String first = create("agent:main:telegram:dm:inst1");
        say("agent:main:telegram:dm:inst1", "old words", 10);
        Response r = api.post("/v1/sessions/agent:main:telegram:dm:inst1/reset", Map.of("reason", "user typed /new"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("id").asText()).isNotEqualTo(first);
        assertThat(s.path("message_count").asLong()).isZero();
        assertThat(s.path("usage").path("input_tokens").asLong()).isZero();
        assertThat(r.header("ETag")).isEqualTo("\"" + s.path("version").asLong() + "\"");

        say("agent:main:telegram:dm:inst1", "new words", 1);
        JsonNode current = api.get("/v1/sessions/agent:main:telegram:dm:inst1/messages").json().path("items");
        assertThat(current).hasSize(1);
        assertThat(current.get(0).path("seq").asLong()).isEqualTo(1);
        JsonNode old = api.get("/v1/sessions/agent:main:telegram:dm:inst1/messages?instance=" + first).json().path("items");
        assertThat(old.get(0).path("content").asText()).isEqualTo("old words");

        JsonNode instances = api.get("/v1/sessions/agent:main:telegram:dm:inst1/instances").json().path("items");
        assertThat(instances).hasSize(2);
        assertThat(instances.get(0).path("id").asText()).isEqualTo(s.path("id").asText());
        assertThat(instances.get(0).path("current").asBoolean()).isTrue();
        assertThat(instances.get(1).path("id").asText()).isEqualTo(first);
        assertThat(instances.get(1).path("end_reason").asText()).isEqualTo("user typed /new");
        assertThat(instances.get(1).path("ended_at").isNull()).isFalse();
        assertThat(instances.get(1).path("message_count").asLong()).isEqualTo(1);
    }

    @Test
    void reset_emits_session_reset_with_the_previous_id() {
        String first = create("reset-event");
        api.post("/v1/sessions/reset-event/reset", null);
        var events = db.rows("SELECT type, data FROM events WHERE key = 'reset-event' AND type = 'session.reset'");
        assertThat(events).hasSize(1);
        assertThat((String) events.getFirst().get("data")).contains("\"previous_id\":\"" + first + "\"")
                .contains("\"reset_reason\":\"manual\"");
    }

    @Test
    void reset_revives_an_ended_session_into_a_new_instance() {
        create("reset-ended");
        api.post("/v1/sessions/reset-ended/end", Map.of());
        JsonNode s = api.post("/v1/sessions/reset-ended/reset", Map.of()).json();
        assertThat(s.path("status").asText()).isEqualTo("active");
        assertThat(s.path("ended_at").isNull()).isTrue();
        assertThat(api.post("/v1/sessions/reset-ended/messages", Map.of("role", "user", "content", "x")).status()).isEqualTo(201);
    }

    @Test
    void reset_during_an_active_run_is_409_run_active() {
        create("reset-run");
        db.insertRun("run-reset", "reset-run", "queued");
        Response r = api.post("/v1/sessions/reset-run/reset", Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("run-active");
    }

    @Test
    void switch_resumes_an_earlier_instance_with_its_counters() {
        String first = create("switch-me");
        say("switch-me", "first instance", 7);
        String second = api.post("/v1/sessions/switch-me/reset", Map.of()).json().path("id").asText();
        Response r = api.post("/v1/sessions/switch-me/switch", Map.of("id", first));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(first);
        assertThat(r.json().path("message_count").asLong()).isEqualTo(1);
        assertThat(r.json().path("usage").path("input_tokens").asLong()).isEqualTo(7);

        say("switch-me", "continues", 0);
        JsonNode items = api.get("/v1/sessions/switch-me/messages").json().path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(1).path("seq").asLong()).isEqualTo(2);
        JsonNode instances = api.get("/v1/sessions/switch-me/instances").json().path("items");
        JsonNode secondInfo = instances.get(0).path("id").asText().equals(second) ? instances.get(0) : instances.get(1);
        assertThat(secondInfo.path("end_reason").asText()).isEqualTo("switched");
    }

    @Test
    void switch_to_the_current_instance_changes_nothing() {
        String id = create("switch-same");
        JsonNode r = api.post("/v1/sessions/switch-same/switch", Map.of("id", id)).json();
        assertThat(r.path("version").asLong()).isEqualTo(1);
    }

    @Test
    void switch_to_another_sessions_instance_is_404() {
        String foreign = create("switch-foreign-a");
        create("switch-foreign-b");
        Response r = api.post("/v1/sessions/switch-foreign-b/switch", Map.of("id", foreign));
        assertThat(r.status()).isEqualTo(404);
        assertThat(api.post("/v1/sessions/switch-foreign-b/switch", Map.of()).status()).isEqualTo(422);
    }

    @Test
    void instances_paginate_newest_first() {
        create("many-instances");
        for (int i = 0; i < 4; i++) api.post("/v1/sessions/many-instances/reset", Map.of());
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/sessions/many-instances/instances?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(i -> seen.add(i.path("created_at").asText() + i.path("id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_session_outside_the_tokens_grants_is_404_on_every_lifecycle_endpoint() {
        String id = create("agent:main:telegram:dm:hidden");
        String key = "/v1/sessions/agent:main:telegram:dm:hidden";
        List<Response> answers = List.of(
                otherChannel.post(key + "/reset", Map.of()),
                otherChannel.post(key + "/switch", Map.of("id", id)),
                otherChannel.get(key + "/instances"));
        Response missing = otherChannel.get("/v1/sessions/agent:main:telegram:dm:nothing-here/instances");
        for (Response r : answers) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.problem()).isEqualTo("not-found");
        }
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.get(key).json().path("id").asText()).isEqualTo(id); // untouched
    }

    @Test
    void reset_needs_sessions_write() {
        create("reset-scope");
        Http reader = server.client("reader", List.of("sessions:read"), Map.of());
        assertThat(reader.post("/v1/sessions/reset-scope/reset", Map.of()).status()).isEqualTo(403);
        assertThat(reader.get("/v1/sessions/reset-scope/instances").status()).isEqualTo(200);
    }
}
