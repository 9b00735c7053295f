package dev.switchboard.context;

import static dev.switchboard.compaction.CompactionClient.path;
import static dev.switchboard.compaction.CompactionClient.summarizer;
import static dev.switchboard.compaction.CompactionClient.truncate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.compaction.CompactionClient;
import dev.switchboard.json.Json;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.FakeCompletions;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs hand their agent the assembled context, exactly as {@code GET …/context} has it: an http agent's request
 * messages are the session block, the active summary and the messages after it; a jsonl process agent's input line
 * carries it as {@code context}. So the next run of a compacted session sees summary + tail.
 */
@EachStore
class RunContextTest {
    static FakeCompletions openAi;
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.agent", "summarizer").set("compaction.min_messages", 1));
    static CompactionClient c;

    @BeforeEachStore
    static void start() {
        openAi = new FakeCompletions(body -> FakeCompletions.Answer.stream(List.of("fine"), null));
        c = new CompactionClient(server.admin());
        c.putAgent("summarizer", summarizer("echo"));
        c.putAgent("gpt", Map.of("adapter", "http", "endpoint", openAi.endpoint(), "model", "m", "system_prompt", "Be brief."));
        c.putAgent("reader", Map.of("adapter", "process", "input_format", "jsonl",
                "command", List.of("/bin/bash", CompactionClient.script("input_line.sh"))));
    }

    @AfterEachStore
    static void stop() {
        openAi.close();
    }

    @Test
    void an_http_agent_after_a_summary_gets_the_block_the_summary_and_the_tail() {
        String key = c.session("run-ctx-http", Map.of("platform", "discord", "chat_type", "dm", "chat_id", "D9", "user_name", "Ada"));
        c.appendTexts(key, 1, 12);
        JsonNode cp = c.summarized(key, 2, null);
        openAi.requests.clear();
        awaitRun(key, "next question", "gpt");
        JsonNode messages = openAi.requests.getFirst().path("messages");
        var texts = new java.util.ArrayList<String>();
        messages.forEach(m -> texts.add(m.path("role").asText() + ": " + m.path("content").asText()));
        assertThat(texts).hasSize(6);
        assertThat(texts.get(0)).isEqualTo("system: Be brief.");
        assertThat(texts.get(1)).startsWith("system: ## Current Session Context").contains("DM with Ada");
        assertThat(texts.get(2)).isEqualTo("system: " + cp.path("summary").path("content").asText());
        assertThat(texts.subList(3, 6)).containsExactly("user: m11", "assistant: m12", "user: next question");
    }

    @Test
    void a_jsonl_agent_s_input_line_carries_the_context() {
        String key = c.session("run-ctx-jsonl");
        c.appendTexts(key, 1, 10);
        c.compacted(key, truncate(3));
        JsonNode reply = awaitRun(key, "what now?", "reader");
        JsonNode line = Json.readStored(reply.path("content").asText());
        assertThat(line.path("type").asText()).isEqualTo("input");
        JsonNode context = line.path("context");
        assertThat(context.path("format").asText()).isEqualTo("switchboard");
        assertThat(CompactionClient.seqs(context)).containsExactly(8L, 9L, 10L, 11L);
        assertThat(context.path("messages").get(3).path("content").asText()).isEqualTo("what now?");
        assertThat(context.path("checkpoint_id").asText()).isNotBlank();
        assertThat(context.path("directives")).as("a run gets its directives with its input").isEmpty();
    }

    /** Runs {@code agent} on {@code text}, waits for it to succeed; returns its last message. */
    private static JsonNode awaitRun(String key, String text, String agent) {
        Response r = c.api.post(path(key) + "/runs", Map.of("input", text, "agent", agent));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().path("id").asText();
        JsonNode run = await().atMost(Duration.ofSeconds(20)).until(() -> c.api.get("/v1/runs/" + id).json(),
                x -> !x.path("status").asText().matches("queued|running"));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        JsonNode items = c.api.get(path(key) + "/messages?order=desc&limit=1").json().path("items");
        return items.get(0);
    }
}
