package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.seqs;
import static dev.switchboard.compaction.CompactionClient.summarize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.FakeCompletions;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The summarizer as an http agent, against a real local server speaking OpenAI's streaming chat completions on a
 * random port: the prompt goes as the request's user message, the streamed answer becomes the summary and the final
 * usage chunk its usage; an error status fails the checkpoint.
 */
@EachStore
class HttpSummarizerTest {
    static FakeCompletions openAi;
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    static CompactionClient c;

    @BeforeEachStore
    static void start() {
        openAi = new FakeCompletions(HttpSummarizerTest::answer);
        c = new CompactionClient(server.admin());
        c.putAgent("gpt-summarizer", Map.of("adapter", "http", "endpoint", openAi.endpoint(), "model", "summary-1",
                "system_prompt", "You summarize conversations."));
        c.putAgent("gpt-down", Map.of("adapter", "http", "endpoint", openAi.endpoint(), "model", "down"));
    }

    @AfterEachStore
    static void stop() {
        openAi.close();
    }

    /** "The user counted: <n> messages." in two chunks, then usage; model "down" answers 503. */
    private static FakeCompletions.Answer answer(JsonNode body) {
        if (body.path("model").asText().equals("down")) return FakeCompletions.Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}");
        String prompt = body.path("messages").get(body.path("messages").size() - 1).path("content").asText();
        long lines = prompt.lines().filter(l -> l.startsWith("[#")).count();
        return FakeCompletions.Answer.stream(List.of("The user counted: ", lines + " messages."),
                "{\"prompt_tokens\":120,\"completion_tokens\":9}");
    }

    @Test
    void an_http_summarizer_gets_the_prompt_and_its_streamed_answer_becomes_the_summary() {
        String key = c.session("http-sum");
        c.appendTexts(key, 1, 12);
        openAi.requests.clear();
        JsonNode cp = c.summarized(key, 2, "gpt-summarizer");
        assertThat(cp.path("status").asText()).as(cp.toString()).isEqualTo("active");
        assertThat(cp.path("summary").path("content").asText()).endsWith("The user counted: 10 messages.");
        assertThat(cp.path("summary").path("usage").path("output_tokens").asLong()).isEqualTo(9);
        assertThat(cp.path("summary").path("usage").path("input_tokens").asLong()).isEqualTo(120);

        JsonNode sent = openAi.requests.getFirst();
        assertThat(sent.path("model").asText()).isEqualTo("summary-1");
        assertThat(sent.path("messages")).hasSize(2);
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("You summarize conversations.");
        JsonNode user = sent.path("messages").get(1);
        assertThat(user.path("role").asText()).isEqualTo("user");
        assertThat(user.path("content").asText()).startsWith(SummaryPrompt.TASK).contains("[#1 user] m1", "[#10 assistant] m10")
                .doesNotContain("m11");
        assertThat(seqs(c.context(key, ""))).containsExactly(11L, 12L);
    }

    @Test
    void an_error_status_fails_the_checkpoint_with_the_answer() {
        String key = c.session("http-sum-down");
        c.appendTexts(key, 1, 8);
        JsonNode cp = c.awaitEnd(key, c.compacted(key, summarize(2, "gpt-down")).path("id").asText());
        assertThat(cp.path("status").asText()).isEqualTo("failed");
        assertThat(cp.path("error").asText()).contains("answered 503", "overloaded");
        assertThat(c.context(key, "").path("checkpoint_id").isNull()).isTrue();
    }
}
