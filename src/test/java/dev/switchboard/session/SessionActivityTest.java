package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session object's {@code active_run} and {@code last_message}, kept current by the writes that change them. */
@EachStore
class SessionActivityTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    private static JsonNode session(String key) {
        return server.admin().get("/v1/sessions/" + key).json();
    }

    private static JsonNode listed(String key) {
        for (JsonNode s : server.admin().get("/v1/sessions?q=" + key).json().path("items")) {
            if (s.path("key").asText().equals(key)) return s;
        }
        throw new AssertionError(key + " not listed");
    }

    @Test
    void last_message_follows_appends_undo_reset_and_switch() {
        Http api = server.admin();
        api.post("/v1/sessions", Map.of("key", "act-msg"));
        assertThat(session("act-msg").path("last_message").isNull()).isTrue();
        api.post("/v1/sessions/act-msg/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "first"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "x".repeat(300)))))));
        JsonNode last = listed("act-msg").path("last_message");
        assertThat(last.path("seq").asLong()).isEqualTo(2);
        assertThat(last.path("role").asText()).isEqualTo("assistant");
        assertThat(last.path("text").asText()).isEqualTo("x".repeat(200));
        assertThat(last.path("created_at").asText()).isNotEmpty();

        assertThat(api.delete("/v1/sessions/act-msg/messages?after_seq=1").status()).isEqualTo(200);
        assertThat(session("act-msg").path("last_message").path("text").asText()).isEqualTo("first");
        String firstInstance = session("act-msg").path("id").asText();

        JsonNode reset = api.post("/v1/sessions/act-msg/reset", Map.of()).json();
        assertThat(reset.path("last_message").isNull()).isTrue();
        assertThat(session("act-msg").path("last_message").isNull()).isTrue();

        JsonNode switched = api.post("/v1/sessions/act-msg/switch", Map.of("id", firstInstance)).json();
        assertThat(switched.path("last_message").path("text").asText()).as(switched.toString()).isEqualTo("first");
        assertThat(session("act-msg").path("last_message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void active_run_shows_the_running_run_until_it_ends_and_after_a_restart() {
        Http api = server.admin();
        api.put("/v1/agents/act-slow", Map.of("adapter", "echo", "delay_ms", 500));
        api.post("/v1/sessions", Map.of("key", "act-run"));
        assertThat(session("act-run").path("active_run").isNull()).isTrue();
        String id = api.post("/v1/sessions/act-run/runs", Map.of("input", "a b c", "agent", "act-slow")).json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> session("act-run").path("active_run").path("status").asText().equals("running"));
        JsonNode active = listed("act-run").path("active_run");
        assertThat(active.path("id").asText()).isEqualTo(id);
        assertThat(active.path("agent").asText()).isEqualTo("act-slow");
        assertThat(active.path("started_at").asText()).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session("act-run").path("active_run").isNull());
        assertThat(session("act-run").path("last_message").path("text").asText()).isEqualTo("a b c");

        // a run the server stops by shutting down is not shown as active after the restart
        String again = api.post("/v1/sessions/act-run/runs", Map.of("input", "one two three four five six", "agent", "act-slow"))
                .json().path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> session("act-run").path("active_run").path("id").asText().equals(again));
        server.restart();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session("act-run").path("active_run").isNull());
        assertThat(server.admin().get("/v1/runs/" + again).json().path("status").asText()).isIn("aborted", "lost", "failed");
    }
}
