package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.seqs;
import static dev.switchboard.compaction.CompactionClient.summarize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.json.Json;
import dev.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The summarizer as an http agent, against a real local server speaking OpenAI's streaming chat completions on a
 * random port: the prompt goes as the request's user message, the streamed answer becomes the summary and the final
 * usage chunk its usage; an error status fails the checkpoint.
 */
class HttpSummarizerTest {
    static HttpServer openAi;
    static final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    static TestServer server;
    static CompactionClient c;

    @BeforeAll
    static void start() throws IOException {
        openAi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openAi.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        openAi.createContext("/v1/chat/completions", HttpSummarizerTest::completions);
        openAi.start();
        server = TestServer.start();
        c = new CompactionClient(server.admin());
        String base = "http://127.0.0.1:" + openAi.getAddress().getPort() + "/v1";
        c.putAgent("gpt-summarizer", Map.of("adapter", "http", "endpoint", base, "model", "summary-1",
                "system_prompt", "You summarize conversations."));
        c.putAgent("gpt-down", Map.of("adapter", "http", "endpoint", base, "model", "down"));
    }

    @AfterAll
    static void stop() {
        server.close();
        openAi.stop(0);
    }

    /** Streams "The user counted: <n> messages." in two chunks, then usage; model "down" answers 503. */
    private static void completions(HttpExchange ex) throws IOException {
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        requests.add(body);
        if (body.path("model").asText().equals("down")) {
            byte[] err = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, err.length);
            ex.getResponseBody().write(err);
            ex.close();
            return;
        }
        String prompt = body.path("messages").get(body.path("messages").size() - 1).path("content").asText();
        long lines = prompt.lines().filter(l -> l.startsWith("[#")).count();
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (String piece : List.of("The user counted: ", lines + " messages.")) {
                chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.write(piece) + "}}]}");
            }
            chunk(out, "{\"model\":\"summary-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void an_http_summarizer_gets_the_prompt_and_its_streamed_answer_becomes_the_summary() {
        String key = c.session("http-sum");
        c.appendTexts(key, 1, 12);
        requests.clear();
        JsonNode cp = c.summarized(key, 2, "gpt-summarizer");
        assertThat(cp.path("status").asText()).as(cp.toString()).isEqualTo("active");
        assertThat(cp.path("summary").path("content").asText()).endsWith("The user counted: 10 messages.");
        assertThat(cp.path("summary").path("usage").path("output_tokens").asLong()).isEqualTo(9);
        assertThat(cp.path("summary").path("usage").path("input_tokens").asLong()).isEqualTo(120);

        JsonNode sent = requests.getFirst();
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
