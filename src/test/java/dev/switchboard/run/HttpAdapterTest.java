package dev.switchboard.run;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.json.Json;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The http adapter against a real local server speaking the OpenAI chat.completions streaming format
 * ({@code data: {chunk}} lines, a final usage chunk, {@code data: [DONE]}).
 */
@EachStore
class HttpAdapterTest {
    record Received(JsonNode body, String authorization) {}

    static HttpServer openAi;
    static final List<Received> requests = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;

    @BeforeEachStore
    static void start() throws IOException {
        openAi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openAi.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        openAi.createContext("/v1/chat/completions", HttpAdapterTest::completions);
        openAi.start();
        c = new RunClient(server.get());
        String base = "http://127.0.0.1:" + openAi.getAddress().getPort() + "/v1";
        c.putAgent("gpt", Map.of("adapter", "http", "endpoint", base, "model", "fake-1",
                "system_prompt", "You are terse.", "api_key_env", "HOME"));
        c.putAgent("gpt-slow", Map.of("adapter", "http", "endpoint", base + "/chat/completions", "model", "slow"));
        c.putAgent("gpt-broken", Map.of("adapter", "http", "endpoint", base, "model", "broken"));
        c.putAgent("gpt-truncated", Map.of("adapter", "http", "endpoint", base, "model", "truncated"));
        c.putAgent("gpt-nokey", Map.of("adapter", "http", "endpoint", base, "model", "fake-1",
                "api_key_env", "SWITCHBOARD_TEST_UNSET_VARIABLE"));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
        openAi.stop(0);
    }

    /**
     * Streams "Hello world" (model fake-1), 60 slow chunks (model slow), a 401 (model broken), or "Hello" and then
     * ends the response without a usage chunk or {@code [DONE]} (model truncated).
     */
    private static void completions(HttpExchange ex) throws IOException {
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        requests.add(new Received(body, ex.getRequestHeaders().getFirst("Authorization")));
        String model = body.path("model").asText();
        if (model.equals("broken")) {
            byte[] err = "{\"error\":{\"message\":\"invalid api key\"}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, err.length);
            ex.getResponseBody().write(err);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                    + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
            List<String> pieces = model.equals("slow") ? java.util.Collections.nCopies(60, "tick ") : List.of("Hello", " world");
            for (String p : pieces) {
                chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.write(p) + "}}]}");
                if (model.equals("slow")) sleep(100);
                if (model.equals("truncated")) return; // the response ends here, cleanly, but without [DONE]
            }
            chunk(out, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away (abort): fine
        }
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void streams_deltas_records_usage_and_sends_the_transcript_as_context() {
        String key = c.session("http-basic");
        c.api.post("/v1/sessions/" + seg(key) + "/messages", Map.of("messages", List.of(
                Map.of("role", "user", "content", "earlier question"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "earlier answer"))))));
        requests.clear();
        String id = c.start(key, "say hello", null, "gpt");
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(c.transcript(key)).last().isEqualTo("assistant: Hello world");
        assertThat(c.streamed(id)).isEqualTo("Hello world");

        JsonNode reply = c.messages(key).getLast();
        assertThat(reply.path("usage").path("input_tokens").asLong()).isEqualTo(11);
        assertThat(reply.path("usage").path("output_tokens").asLong()).isEqualTo(2);
        assertThat(reply.path("usage").path("cache_read_tokens").asLong()).isEqualTo(4);
        assertThat(reply.path("usage").path("model").asText()).isEqualTo("fake-1");
        assertThat(run.path("usage").path("input_tokens").asLong()).isEqualTo(11);

        Received sent = requests.getFirst();
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.body().path("model").asText()).isEqualTo("fake-1");
        assertThat(sent.body().path("messages")).isEqualTo(Json.tree(List.of(
                Map.of("role", "system", "content", "You are terse."),
                Map.of("role", "user", "content", "earlier question"),
                Map.of("role", "assistant", "content", "earlier answer"),
                Map.of("role", "user", "content", "say hello"))));
        assertThat(sent.authorization()).isEqualTo("Bearer " + System.getenv("HOME"));
    }

    @Test
    void an_error_answer_fails_the_run_with_the_status_and_body() {
        String key = c.session("http-broken");
        JsonNode run = c.awaitEnd(c.start(key, "hi", null, "gpt-broken"));
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText()).isEqualTo("127.0.0.1 answered 401: {\"error\":{\"message\":\"invalid api key\"}}");
    }

    @Test
    void a_stream_that_ends_before_done_fails_the_run_and_keeps_the_text_marked_partial() {
        String key = c.session("http-truncated");
        String id = c.start(key, "say hello", null, "gpt-truncated");
        JsonNode run = c.awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.path("error").asText()).isEqualTo("the stream from 127.0.0.1 ended before [DONE]: the answer is incomplete");
        assertThat(c.runEventTypes(id)).endsWith("run.failed");
        JsonNode last = c.messages(key).getLast();
        assertThat(RunClient.text(last.path("content"))).isEqualTo("Hello");
        assertThat(last.path("metadata").path("partial").asBoolean()).isTrue();
        assertThat(last.path("metadata").path("run_id").asText()).isEqualTo(id);
    }

    @Test
    void a_missing_api_key_variable_fails_the_run_before_any_request() {
        String key = c.session("http-nokey");
        requests.clear();
        JsonNode run = c.awaitEnd(c.start(key, "hi", null, "gpt-nokey"));
        assertThat(run.path("error").asText()).contains("SWITCHBOARD_TEST_UNSET_VARIABLE");
        assertThat(requests).isEmpty();
    }

    @Test
    void abort_during_streaming_closes_the_stream_and_keeps_the_partial_answer() {
        String key = c.session("http-abort");
        String id = c.start(key, "count", null, "gpt-slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.streamed(id).contains("tick tick"));
        Response r = c.api.post("/v1/runs/" + id + "/abort", null);
        assertThat(r.json().path("status").asText()).isEqualTo("aborted");
        JsonNode last = c.messages(key).getLast();
        assertThat(last.path("metadata").path("partial").asBoolean()).isTrue();
        assertThat(RunClient.text(last.path("content"))).startsWith("tick tick").hasSizeLessThan(60 * 5);
    }

    @Test
    void the_endpoint_cannot_be_chosen_by_a_request() {
        String key = c.session("http-no-url");
        Response r = c.api.post("/v1/sessions/" + seg(key) + "/runs",
                Map.of("input", "hi", "agent", "gpt", "endpoint", "http://evil.example/v1"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("endpoint");
    }
}
