package dev.switchboard.team;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.run.RunClient;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agent-to-agent sends: both transcripts, waiting for the answer, grants, and the exchange bound. */
@EachStore
class SendTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(cfg -> cfg.set("agents.max_exchange_turns", 5));
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    private static Response send(Http as, String from, Map<String, Object> body) {
        return as.post("/v1/sessions/" + Http.seg(from) + "/send", body);
    }

    @Test
    void a_send_appends_to_the_target_runs_it_and_the_answer_returns_to_the_sender() {
        c.session("ask-a");
        c.session("ask-b");
        Response r = send(c.api, "ask-a", Map.of("to", "ask-b", "content", "what is 2+2?"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        JsonNode run = c.awaitEnd(r.json().path("run").path("id").asText());
        assertThat(run.path("key").asText()).isEqualTo("ask-b");

        JsonNode asked = c.messages("ask-b").getFirst();
        assertThat(asked.path("role").asText()).isEqualTo("user");
        assertThat(asked.path("name").asText()).isEqualTo("ask-a");
        assertThat(asked.path("metadata").path("from_key").asText()).isEqualTo("ask-a");
        assertThat(c.transcript("ask-b")).containsExactly("user: what is 2+2?", "assistant: what is 2+2?");

        await().atMost(Duration.ofSeconds(10)).until(() -> !c.messages("ask-a").isEmpty());
        JsonNode reply = c.messages("ask-a").getFirst();
        assertThat(RunClient.text(reply.path("content"))).isEqualTo("what is 2+2?");
        assertThat(reply.path("metadata").path("reply_to").asText()).isEqualTo("ask-b");
        assertThat(reply.path("metadata").path("run_id").asText()).isEqualTo(run.path("id").asText());
        assertThat(reply.path("name").asText()).isEqualTo("ask-b");
    }

    @Test
    void with_wait_seconds_the_answer_is_in_the_response() {
        c.session("wait-a");
        c.session("wait-b");
        Response r = send(c.api, "wait-a", Map.of("to", "wait-b", "content", "echo me", "wait_seconds", 10));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("answer").asText()).isEqualTo("echo me");
        assertThat(r.json().path("run").path("status").asText()).isEqualTo("succeeded");
        assertThat(c.transcript("wait-a")).containsExactly("user: echo me");
    }

    @Test
    void a_send_to_a_pair_creates_the_pair_session() {
        c.session("pair-sender");
        Response r = send(c.api, "pair-sender", Map.of("to", Map.of("pair", Map.of("from", "ops", "to", "dev")),
                "content", "deploy?", "wait_seconds", 10));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("run").path("key").asText()).isEqualTo("pair:ops:dev");
        JsonNode pair = c.api.get("/v1/sessions/pair:ops:dev").json();
        assertThat(pair.path("pair").path("from").asText()).isEqualTo("ops");
    }

    @Test
    void sending_checks_both_sessions_against_the_callers_grants() {
        c.session("grant-from");
        c.api.post("/v1/sessions", Map.of("key", "grant-to", "agent", "secret"));
        Http narrow = server.client("narrow-send", List.of("sessions:read", "sessions:write", "runs:write"),
                Map.of("agents", List.of("main")));
        assertThat(send(narrow, "grant-from", Map.of("to", "grant-to", "content", "hi")).status()).isEqualTo(404);
        assertThat(send(narrow, "grant-to", Map.of("to", "grant-from", "content", "hi")).status()).isEqualTo(404);
        assertThat(c.messages("grant-to")).isEmpty();
    }

    @Test
    void a_sender_ended_meanwhile_gets_no_answer_and_the_run_still_ends() {
        c.putAgent("slow-echo", Map.of("adapter", "echo", "delay_ms", 300));
        c.session("gone-a");
        c.api.post("/v1/sessions", Map.of("key", "gone-b", "agent", "slow-echo"));
        String id = send(c.api, "gone-a", Map.of("to", "gone-b", "content", "one two three")).json()
                .path("run").path("id").asText();
        c.api.post("/v1/sessions/gone-a/end", Map.of());
        assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
        assertThat(c.messages("gone-a")).isEmpty();
    }

    @Test
    void invalid_sends_are_422() {
        c.session("bad-send");
        assertThat(send(c.api, "bad-send", Map.of("content", "x")).status()).isEqualTo(422);
        assertThat(send(c.api, "bad-send", Map.of("to", "bad-send", "content", "x")).status()).isEqualTo(422);
        assertThat(send(c.api, "bad-send", Map.of("to", "x", "content", "x", "extra", 1)).status()).isEqualTo(422);
        assertThat(send(c.api, "bad-send", Map.of("to", "nul\u0000key", "content", "x")).status()).isEqualTo(422);
    }

    @Test
    void agents_answering_each_other_stop_at_max_exchange_turns() {
        String token = server.adminToken();
        c.putAgent("relay-a", bashAgent("relay.sh", List.of(server.url(), token, "loop-a", "loop-b"), Map.of()));
        c.putAgent("relay-b", bashAgent("relay.sh", List.of(server.url(), token, "loop-b", "loop-a"), Map.of()));
        c.api.post("/v1/sessions", Map.of("key", "loop-a", "agent", "relay-a"));
        c.api.post("/v1/sessions", Map.of("key", "loop-b", "agent", "relay-b"));

        Response first = send(c.api, "loop-a", Map.of("to", "loop-b", "content", "start"));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        // turns 1, 3, 5 run on b and 2, 4 on a; b's send of turn 6 is refused
        await().atMost(Duration.ofSeconds(30)).until(() -> c.transcript("loop-b").contains("assistant: sent: 409"));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs("loop-a").size() == 2 && runs("loop-b").size() == 3
                && allEnded("loop-a") && allEnded("loop-b"));
        assertThat(c.transcript("loop-b").stream().filter(l -> l.startsWith("assistant:")))
                .containsExactly("assistant: sent: 202", "assistant: sent: 202", "assistant: sent: 409");
    }

    private static List<JsonNode> runs(String key) {
        var out = new java.util.ArrayList<JsonNode>();
        c.api.get("/v1/sessions/" + key + "/runs").json().path("items").forEach(out::add);
        return out;
    }

    private static boolean allEnded(String key) {
        return runs(key).stream().allMatch(r -> List.of("succeeded", "failed", "aborted").contains(r.path("status").asText()));
    }
}
