package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Directives: creation rules, delivery with a run's input or live on stdin, acks, expiry (with a moved clock). */
@EachStore
class DirectiveRunTest {
    static final MutableClock clock = new MutableClock(Clock.systemUTC().instant());
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(cfg -> cfg).clock(clock);
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        c.putAgent("mirror", bashAgent("stdin_echo.sh"));
        c.putAgent("listener", bashAgent("jsonl_agent.sh", List.of(), Map.of("input_format", "jsonl", "env", List.of("PATH"))));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    static Response directive(Map<String, Object> body) {
        return c.api.post("/v1/directives", body);
    }

    static Map<String, Object> forSession(String key, String content, String priority) {
        var body = new LinkedHashMap<String, Object>();
        body.put("session_key", key);
        body.put("content", content);
        body.put("priority", priority);
        body.put("tags", List.of("ops"));
        return body;
    }

    static JsonNode pending(String key) {
        return c.api.get("/v1/sessions/" + seg(key) + "/directives?pending=true").json().path("items");
    }

    @Test
    void directives_are_validated() {
        String key = c.session("dir-validate");
        Response r = directive(Map.of("session_key", key, "target", Map.of("channel", "telegram"), "content", "",
                "priority", "whenever", "tags", List.of(), "expires_at", "2000-01-01T00:00:00Z"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").findValuesAsText("field"))
                .contains("session_key", "content", "priority", "tags", "expires_at");
        Response noTarget = directive(Map.of("target", Map.of(), "content", "x", "tags", List.of("a")));
        assertThat(noTarget.json().path("errors").findValuesAsText("field")).contains("target");
        assertThat(directive(forSession("no-such-session", "x", "low")).status()).isEqualTo(404);
    }

    @Test
    void a_created_directive_is_pending_and_announced() {
        String key = c.session("dir-created");
        Response r = directive(forSession(key, "remember the milk", "high"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode d = r.json();
        assertThat(d.path("status").asText()).isEqualTo("pending");
        assertThat(d.path("priority").asText()).isEqualTo("high");
        assertThat(d.path("tags").get(0).asText()).isEqualTo("ops");
        assertThat(pending(key).findValuesAsText("id")).containsExactly(d.path("id").asText());
        assertThat(c.events).anyMatch(e -> e.type().equals("directive.created") && e.data().contains(d.path("id").asText()));
    }

    @Test
    void pending_directives_go_with_the_next_runs_input_most_urgent_first_and_only_once() {
        String key = c.session("dir-deliver");
        String low = directive(forSession(key, "tidy up later", "low")).json().path("id").asText();
        String urgent = directive(forSession(key, "stop the deploy", "urgent")).json().path("id").asText();

        String first = c.start(key, "status?", null, "mirror");
        JsonNode run = c.awaitEnd(first);
        assertThat(run.path("directives").toString()).isEqualTo("[\"" + urgent + "\",\"" + low + "\"]");
        String prompt = c.transcript(key).getLast();
        assertThat(prompt).isEqualTo("assistant: [directives]\n"
                + "- urgent (tags: ops; id " + urgent + "): stop the deploy\n"
                + "- low (tags: ops; id " + low + "): tidy up later\n"
                + "[/directives]\n\nstatus?");
        assertThat(pending(key)).isEmpty();
        JsonNode all = c.api.get("/v1/sessions/" + seg(key) + "/directives").json().path("items");
        assertThat(all.findValuesAsText("status")).containsOnly("delivered");
        assertThat(all.get(0).path("run_id").asText()).isEqualTo(first);

        c.awaitEnd(c.start(key, "again", null, "mirror"));
        assertThat(c.transcript(key).getLast()).isEqualTo("assistant: again");
    }

    @Test
    void ack_records_the_result_once_and_emits_directive_acked() {
        String key = c.session("dir-ack");
        String id = directive(forSession(key, "report back", "normal")).json().path("id").asText();
        Response ack = c.api.post("/v1/directives/" + id + "/ack", Map.of("result", Map.of("ok", true)));
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().path("status").asText()).isEqualTo("acked");
        assertThat(ack.json().path("result").path("ok").asBoolean()).isTrue();
        Response again = c.api.post("/v1/directives/" + id + "/ack", Map.of("result", "different"));
        assertThat(again.json().path("result").path("ok").asBoolean()).isTrue();
        assertThat(again.json().path("acked_at").asText()).isEqualTo(ack.json().path("acked_at").asText());
        assertThat(c.events.stream().filter(e -> e.type().equals("directive.acked") && e.data().contains(id)).count()).isEqualTo(1);
        // An acked directive is no longer delivered.
        c.awaitEnd(c.start(key, "plain", null, "mirror"));
        assertThat(c.transcript(key).getLast()).isEqualTo("assistant: plain");
        assertThat(c.api.post("/v1/directives/nope/ack", null).status()).isEqualTo(404);
    }

    @Test
    void expired_directives_are_never_delivered() {
        String key = c.session("dir-expire");
        var body = forSession(key, "only for a minute", "urgent");
        body.put("expires_at", clock.instant().plus(Duration.ofMinutes(1)).toString());
        String id = directive(body).json().path("id").asText();
        clock.advance(Duration.ofMinutes(2));

        c.awaitEnd(c.start(key, "anything new?", null, "mirror"));
        assertThat(c.transcript(key).getLast()).isEqualTo("assistant: anything new?");
        assertThat(pending(key)).isEmpty();
        JsonNode listed = c.api.get("/v1/sessions/" + seg(key) + "/directives").json().path("items").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(id);
        assertThat(listed.path("status").asText()).isEqualTo("expired");
    }

    @Test
    void a_targeted_directive_reaches_every_matching_session_and_no_other() {
        String telegram = c.api.post("/v1/sessions", Map.of("source", Map.of("platform", "telegram", "chat_type", "dm",
                "chat_id", "dir-1"))).json().path("key").asText();
        String slack = c.api.post("/v1/sessions", Map.of("source", Map.of("platform", "slack", "chat_type", "dm",
                "chat_id", "dir-2"))).json().path("key").asText();
        String id = directive(Map.of("target", Map.of("channel", "telegram"), "content", "maintenance at noon",
                "tags", List.of("broadcast"), "mission_id", "m-7")).json().path("id").asText();

        assertThat(pending(telegram).findValuesAsText("id")).containsExactly(id);
        assertThat(pending(slack)).isEmpty();
        c.awaitEnd(c.start(telegram, "hi", null, "mirror"));
        c.awaitEnd(c.start(slack, "hi", null, "mirror"));
        assertThat(c.transcript(telegram).getLast()).contains("maintenance at noon", "mission m-7");
        assertThat(c.transcript(slack).getLast()).isEqualTo("assistant: hi");
    }

    @Test
    void a_running_jsonl_agent_gets_new_directives_on_stdin_and_can_ack_them() {
        String key = c.session("dir-live");
        String run = c.start(key, "watch for orders", null, "listener");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.streamed(run).contains("got input"));
        String id = directive(forSession(key, "turn left", "urgent")).json().path("id").asText();

        JsonNode done = c.awaitEnd(run);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript(key).getLast()).contains("got input", "directive: ", "turn left");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                c.api.get("/v1/sessions/" + seg(key) + "/directives").json().path("items").get(0).path("status").asText()
                        .equals("acked"));
        JsonNode d = c.api.get("/v1/sessions/" + seg(key) + "/directives").json().path("items").get(0);
        assertThat(d.path("id").asText()).isEqualTo(id);
        assertThat(d.path("result").path("done").asBoolean()).isTrue();
        assertThat(d.path("run_id").asText()).isEqualTo(run);
    }

    @Test
    void directives_need_the_directives_write_scope_and_a_visible_session() {
        String key = c.session("dir-scopes");
        var reader = server.client("dir-reader", List.of("sessions:read"), Map.of());
        assertThat(reader.post("/v1/directives", forSession(key, "x", "low")).status()).isEqualTo(403);
        var slackOnly = server.client("dir-slack", List.of("directives:write", "sessions:read"), Map.of("channels", List.of("slack")));
        assertThat(slackOnly.post("/v1/directives", forSession(key, "x", "low")).status()).isEqualTo(404);
        assertThat(slackOnly.post("/v1/directives", Map.of("target", Map.of("channel", "telegram"), "content", "x",
                "tags", List.of("a"))).status()).isEqualTo(403);
        assertThat(slackOnly.get("/v1/sessions/" + seg(key) + "/directives").status()).isEqualTo(404);
    }
}
