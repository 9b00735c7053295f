package dev.switchboard.run;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs through the REST API with the built-in echo adapter: on_active strategies, abort, events, agents. */
@EachStore
class RunApiTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(cfg -> cfg
                .set("agents.configured.adapter", "echo")
                .set("agents.configured.delay_ms", 5));
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        // "slow" streams one word every 60 ms: long enough to act on a run while it is running.
        c.putAgent("slow", Map.of("adapter", "echo", "delay_ms", 60));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    @Test
    void send_appends_input_then_the_agents_reply_and_succeeds() {
        String key = c.session("echo-basic");
        Response r = c.send(key, "hello there world", null, null);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("status").asText()).isIn("queued", "running");
        assertThat(r.json().path("agent").asText()).isEqualTo("echo"); // session agent "main" is undefined → default
        assertThat(r.json().path("input_seq").asLong()).isEqualTo(1); // idle session: appended with the run

        JsonNode done = c.awaitEnd(r.json().path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("started_at").isNull()).isFalse();
        assertThat(done.path("ended_at").isNull()).isFalse();
        assertThat(c.transcript(key)).containsExactly("user: hello there world", "assistant: hello there world");
        JsonNode reply = c.messages(key).get(1);
        assertThat(reply.path("metadata").path("run_id").asText()).isEqualTo(done.path("id").asText());
    }

    @Test
    void every_state_change_has_its_run_event_and_deltas_stream_as_run_output() {
        String key = c.session("echo-events");
        String id = c.start(key, "one two three four", null, "slow");
        c.awaitEnd(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.runEventTypes(id).contains("run.completed"));
        List<String> types = c.runEventTypes(id);
        assertThat(types.getFirst()).isEqualTo("run.queued");
        assertThat(types.get(1)).isEqualTo("run.started");
        assertThat(types.getLast()).isEqualTo("run.completed");
        assertThat(types).contains("run.output");
        assertThat(c.streamed(id)).isEqualTo("one two three four");
    }

    @Test
    void deltas_are_coalesced_but_the_final_message_holds_every_word() {
        String key = c.session("echo-coalesce");
        var words = new StringBuilder();
        for (int i = 0; i < 400; i++) words.append("w").append(i).append(' ');
        String text = words.toString().strip();
        String id = c.start(key, text, null, "echo"); // no delay: 400 deltas in a burst
        c.awaitEnd(id);
        long outputs = c.runEventTypes(id).stream().filter("run.output"::equals).count();
        assertThat(outputs).isBetween(1L, 50L);
        assertThat(c.streamed(id)).isEqualTo(text);
        assertThat(c.transcript(key)).last().isEqualTo("assistant: " + text);
    }

    @Test
    void reject_while_a_run_is_active_is_409_run_active() {
        String key = c.session("echo-reject");
        String first = c.start(key, words("r", 30), null, "slow");
        Response second = c.send(key, "second", "reject", "slow");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.problem()).isEqualTo("run-active");
        assertThat(second.json().path("detail").asText()).contains(first);
        c.awaitEnd(first);
        assertThat(c.transcript(key)).doesNotContain("user: second");
    }

    @Test
    void enqueue_runs_fifo_and_the_transcript_alternates_question_and_answer() {
        String key = c.session("echo-enqueue");
        String a = c.start(key, "first question", "enqueue", "slow");
        String b = c.start(key, "second question", "enqueue", "slow");
        String d = c.start(key, "third question", "enqueue", "slow");
        assertThat(c.run(b).path("input_seq").isNull()).isTrue(); // waits in the queue, input held in the run
        for (String id : List.of(a, b, d)) assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript(key)).containsExactly(
                "user: first question", "assistant: first question",
                "user: second question", "assistant: second question",
                "user: third question", "assistant: third question");
        assertThat(c.run(a).path("ended_at").asText()).isLessThanOrEqualTo(c.run(b).path("started_at").asText());
    }

    @Test
    void interrupt_aborts_the_running_run_keeps_its_partial_output_and_starts_the_new_one() {
        String key = c.session("echo-interrupt");
        String first = c.start(key, words("w", 60), null, "slow");
        c.await(first, "running");
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.streamed(first).isEmpty());
        String steer = c.start(key, "change of plan", "interrupt", "echo");

        JsonNode aborted = c.awaitEnd(first);
        assertThat(aborted.path("status").asText()).isEqualTo("aborted");
        assertThat(aborted.path("error").asText()).isEqualTo("interrupted by run " + steer);
        assertThat(c.awaitEnd(steer).path("status").asText()).isEqualTo("succeeded");

        List<JsonNode> msgs = c.messages(key);
        assertThat(msgs).hasSize(4);
        assertThat(msgs.get(1).path("metadata").path("partial").asBoolean()).isTrue();
        assertThat(RunClient.text(msgs.get(1).path("content"))).startsWith("w1 ").doesNotContain("w60");
        assertThat(c.transcript(key).subList(2, 4)).containsExactly("user: change of plan", "assistant: change of plan");
    }

    @Test
    void rollback_archives_the_running_runs_output_and_appends_continue_contiguously() {
        String key = c.session("echo-rollback");
        String done = c.start(key, "kept answer", null, "echo");
        c.awaitEnd(done);
        String first = c.start(key, words("x", 60), null, "slow");
        c.await(first, "running");
        // Give the run a committed message of its own to remove: a client-side tool result, mid-run.
        api().post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "tool", "content", "tool output", "tool_call_id", "t1"));
        String redo = c.start(key, "try again", "rollback", "echo");

        JsonNode rolledBack = c.awaitEnd(first);
        assertThat(rolledBack.path("status").asText()).isEqualTo("aborted");
        assertThat(c.awaitEnd(redo).path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript(key)).containsExactly(
                "user: kept answer", "assistant: kept answer",
                "user: " + words("x", 60),
                "user: try again", "assistant: try again");
        List<JsonNode> msgs = c.messages(key);
        for (int i = 0; i < msgs.size(); i++) assertThat(msgs.get(i).path("seq").asLong()).isEqualTo(i + 1);
        JsonNode session = api().get("/v1/sessions/" + seg(key)).json();
        assertThat(session.path("message_count").asLong()).isEqualTo(5);
        assertThat(c.events).anyMatch(e -> e.type().equals("messages.removed") && e.data().contains(first));
    }

    @Test
    void a_rollbacks_removed_messages_are_in_the_archive_with_reason_rollback_and_the_run_id() {
        String key = c.session("echo-rollback-archive");
        String first = rolledBack(key, Map.of("role", "tool", "content", "tool output to drop", "tool_call_id", "t1"));

        JsonNode entries = api().get("/v1/archive?key=" + seg(key) + "&kind=messages&reason=rollback").json().path("items");
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.path("reason").asText()).isEqualTo("rollback");
        assertThat(entry.path("run_id").asText()).isEqualTo(first);
        assertThat(entry.path("after_seq").asLong()).isEqualTo(1); // the rolled-back run's input
        assertThat(entry.path("message_count").asLong()).isEqualTo(1);
        JsonNode archived = api().get("/v1/archive/" + entry.path("id").asText() + "/messages").json().path("items");
        assertThat(archived).hasSize(1);
        assertThat(archived.get(0).path("seq").asLong()).isEqualTo(2);
        assertThat(archived.get(0).path("content").asText()).isEqualTo("tool output to drop");
        assertThat(c.events).filteredOn(e -> e.type().equals("messages.removed") && e.data().contains(first))
                .singleElement().satisfies(e -> {
                    JsonNode data = dev.switchboard.json.Json.readStored(e.data());
                    assertThat(data.path("archive_id").asText()).isEqualTo(entry.path("id").asText());
                    assertThat(data.path("reason").asText()).isEqualTo("rollback");
                    assertThat(data.path("after_seq").asLong()).isEqualTo(1);
                    assertThat(data.path("removed").asLong()).isEqualTo(1);
                });
    }

    @Test
    void after_a_rollback_the_instances_counters_match_its_messages() {
        String key = c.session("echo-rollback-counters");
        rolledBack(key, Map.of("role", "tool", "content", "dropped", "tool_call_id", "t1",
                "usage", Map.of("input_tokens", 7, "cost_usd", 0.25)));

        JsonNode instance = api().get("/v1/sessions/" + seg(key) + "/instances").json().path("items").get(0);
        assertThat(instance.path("message_count").asLong()).isEqualTo(c.messages(key).size()).isEqualTo(3);
        assertThat(instance.path("last_seq").asLong()).isEqualTo(3);
        assertThat(instance.path("usage").path("input_tokens").asLong()).isZero();
        assertThat(instance.path("usage").path("cost_usd").asDouble()).isZero();
        assertThat(api().get("/v1/sessions/" + seg(key)).json().path("usage").path("input_tokens").asLong()).isZero();
    }

    @Test
    void the_archive_filters_undo_and_rollback_entries_by_reason() {
        String key = c.session("echo-reasons");
        String first = rolledBack(key, Map.of("role", "tool", "content", "rolled back", "tool_call_id", "t1"));
        Response undo = api().delete("/v1/sessions/" + seg(key) + "/messages?after_seq=2");
        assertThat(undo.json().path("removed").asLong()).isEqualTo(1);

        String all = "/v1/archive?key=" + seg(key);
        assertThat(api().get(all).json().path("items")).hasSize(2);
        JsonNode undone = api().get(all + "&reason=undo").json().path("items");
        assertThat(undone).singleElement().satisfies(e -> {
            assertThat(e.path("id").asText()).isEqualTo(undo.json().path("archive_id").asText());
            assertThat(e.has("run_id")).isFalse();
        });
        assertThat(api().get(all + "&reason=rollback").json().path("items")).singleElement()
                .satisfies(e -> assertThat(e.path("run_id").asText()).isEqualTo(first));
        Response bad = api().get(all + "&reason=oops");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").findValuesAsText("field")).containsExactly("reason");
    }

    @Test
    void abort_is_idempotent_and_returns_the_same_run() {
        String key = c.session("echo-abort");
        String id = c.start(key, words("a", 60), null, "slow");
        c.await(id, "running");
        Response first = api().post("/v1/runs/" + id + "/abort", Map.of("reason", "user pressed stop"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asText()).isEqualTo("aborted");
        assertThat(first.json().path("error").asText()).isEqualTo("user pressed stop");
        Response second = api().post("/v1/runs/" + id + "/abort", null);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(c.runEventTypes(id)).containsOnlyOnce("run.aborted");
    }

    @Test
    void aborting_a_queued_run_ends_it_without_running_it() {
        String key = c.session("echo-abort-queued");
        String running = c.start(key, words("q", 30), null, "slow");
        String queued = c.start(key, "never runs", "enqueue", "slow");
        Response r = api().post("/v1/runs/" + queued + "/abort", null);
        assertThat(r.json().path("status").asText()).isEqualTo("aborted");
        assertThat(r.json().path("started_at").isNull()).isTrue();
        c.awaitEnd(running);
        assertThat(c.transcript(key)).doesNotContain("user: never runs");
    }

    @Test
    void a_message_that_arrives_as_a_run_completes_is_never_dropped() throws Exception {
        String key = c.session("echo-race");
        var ids = new ArrayList<String>();
        // Fire sends from several threads while earlier runs complete; every accepted one must run and be answered.
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<Future<Response>>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> c.send(key, "m" + n, "enqueue", "echo")));
            }
            for (var f : futures) {
                Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(202);
                ids.add(r.json().path("id").asText());
            }
        }
        for (String id : ids) assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
        List<String> transcript = c.transcript(key);
        assertThat(transcript).hasSize(80);
        for (int i = 0; i < 80; i += 2) {
            String q = transcript.get(i);
            assertThat(q).startsWith("user: m");
            assertThat(transcript.get(i + 1)).isEqualTo("assistant: " + q.substring("user: ".length()));
        }
    }

    @Test
    void run_metrics_are_exported() {
        String key = c.session("echo-metrics");
        c.awaitEnd(c.start(key, "count me", null, "echo"));
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).contains("switchboard_runs_executing", "switchboard_runs_ended_total{status=\"succeeded\"}");
    }

    @Test
    void runs_go_on_when_the_client_disconnects() {
        String key = c.session("echo-disconnect");
        // The POST returns at once (202); nothing stays connected, yet the run completes.
        String id = c.start(key, "a b c d e", null, "slow");
        assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void session_runs_are_listed_newest_first() {
        String key = c.session("echo-list");
        String a = c.start(key, "one", "enqueue", "echo");
        String b = c.start(key, "two", "enqueue", "echo");
        c.awaitEnd(b);
        JsonNode page = api().get("/v1/sessions/" + seg(key) + "/runs?limit=1").json();
        assertThat(page.path("items").get(0).path("id").asText()).isEqualTo(b);
        String cursor = page.path("next_cursor").asText();
        JsonNode next = api().get("/v1/sessions/" + seg(key) + "/runs?limit=1&cursor=" + cursor).json();
        assertThat(next.path("items").get(0).path("id").asText()).isEqualTo(a);
    }

    @Test
    void invalid_sends_are_rejected_with_clear_problems() {
        String key = c.session("echo-invalid");
        Response unknown = c.send(key, "x", null, "nobody");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("errors").get(0).path("field").asText()).isEqualTo("agent");
        Response noInput = api().post("/v1/sessions/" + seg(key) + "/runs", Map.of("on_active", "sometimes"));
        assertThat(noInput.status()).isEqualTo(422);
        assertThat(noInput.json().path("errors").toString()).contains("input", "on_active");
        Response badRole = api().post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", Map.of("role", "robot", "content", "x")));
        assertThat(badRole.json().path("errors").get(0).path("field").asText()).isEqualTo("input.role");
        assertThat(api().post("/v1/sessions/nope/runs", Map.of("input", "x")).status()).isEqualTo(404);
        api().post("/v1/sessions/" + seg(key) + "/end", null);
        assertThat(c.send(key, "x", null, null).problem()).isEqualTo("session-ended");
    }

    @Test
    void a_string_input_is_a_user_message() {
        String key = c.session("echo-string");
        Response r = api().post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", "just text"));
        c.awaitEnd(r.json().path("id").asText());
        assertThat(c.transcript(key)).containsExactly("user: just text", "assistant: just text");
    }

    @Test
    void runs_need_the_runs_write_scope_and_respect_channel_grants() {
        String key = c.session("echo-scopes");
        var reader = server.client("reader", List.of("sessions:read", "transcripts:write"), Map.of());
        assertThat(reader.post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", "x")).status()).isEqualTo(403);
        var other = server.client("other-channel", List.of("runs:write", "sessions:read"), Map.of("channels", List.of("slack")));
        assertThat(other.post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", "x")).status()).isEqualTo(404);
        String id = c.start(key, "mine", null, null);
        assertThat(other.get("/v1/runs/" + id).status()).isEqualTo(404);
        assertThat(other.post("/v1/runs/" + id + "/abort", null).status()).isEqualTo(404);
    }

    @Test
    void agents_list_builtin_config_and_api_definitions_and_config_wins() {
        JsonNode items = api().get("/v1/agents").json().path("items");
        assertThat(items.findValuesAsText("id")).contains("echo", "configured", "slow");
        for (JsonNode a : items) {
            if (a.path("id").asText().equals("configured")) assertThat(a.path("source").asText()).isEqualTo("config");
            if (a.path("id").asText().equals("echo")) assertThat(a.path("source").asText()).isEqualTo("builtin");
            if (a.path("id").asText().equals("slow")) assertThat(a.path("delay_ms").asLong()).isEqualTo(60);
        }
        Response override = api().put("/v1/agents/configured", Map.of("adapter", "echo"));
        assertThat(override.status()).isEqualTo(409);
        assertThat(override.problem()).isEqualTo("conflict");
    }

    @Test
    void agent_definitions_are_validated_field_by_field() {
        Response r = api().put("/v1/agents/broken", Map.of("adapter", "process", "command", List.of(), "workdir", "relative",
                "endpoint", "http://x", "timeout_seconds", 0));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").findValuesAsText("field"))
                .contains("command", "workdir", "endpoint", "timeout_seconds");
        Response http = api().put("/v1/agents/http-broken", Map.of("adapter", "http", "endpoint", "ftp://x"));
        assertThat(http.json().path("errors").findValuesAsText("field")).contains("endpoint", "model");
        var notAdmin = server.client("runner", List.of("runs:write"), Map.of());
        assertThat(notAdmin.put("/v1/agents/mine", Map.of("adapter", "echo")).status()).isEqualTo(403);
        assertThat(notAdmin.get("/v1/agents").status()).isEqualTo(403);
    }

    @Test
    void put_agent_creates_then_replaces() {
        Response created = api().put("/v1/agents/replace-me", Map.of("adapter", "echo"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("source").asText()).isEqualTo("api");
        Response replaced = api().put("/v1/agents/replace-me", Map.of("adapter", "echo", "max_concurrent", 2));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("max_concurrent").asInt()).isEqualTo(2);
    }

    /**
     * Starts a slow run on {@code key} (input at seq 1), appends {@code midRun} while it runs (seq 2), then
     * rolls it back with a run "again" (seq 2 and 3 afterwards) and waits for that one. Returns the rolled-back run.
     */
    private static String rolledBack(String key, Map<String, Object> midRun) {
        String first = c.start(key, words("w", 60), null, "slow");
        c.await(first, "running");
        assertThat(api().post("/v1/sessions/" + seg(key) + "/messages", midRun).status()).isEqualTo(201);
        c.awaitEnd(c.start(key, "again", "rollback", "echo"));
        return first;
    }

    /** "w1 w2 … wN": with the slow agent, N × 60 ms of output to act on while the run is running. */
    private static String words(String prefix, int n) {
        var sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.append(i == 1 ? "" : " ").append(prefix).append(i);
        return sb.toString();
    }

    private static dev.switchboard.testing.Http api() {
        return c.api;
    }
}
