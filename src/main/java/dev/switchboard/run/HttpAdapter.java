package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.transcript.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OpenAI-compatible {@code POST <endpoint>/chat/completions} with {@code stream: true}, sent only to the
 * endpoint of the admin-defined agent (never a URL from a request; redirects are not followed). The
 * session's transcript goes as {@code messages} (text only), directives as a system message before the
 * input; streamed {@code choices[0].delta.content} chunks become deltas and the final {@code usage}
 * chunk (requested with {@code stream_options.include_usage}) becomes the message's usage.
 */
public final class HttpAdapter implements Adapter {
    private final AgentSpec.Http spec;
    private final HttpClient client;

    HttpAdapter(AgentSpec.Http spec, HttpClient client) {
        this.spec = spec;
        this.client = client;
    }

    static URI completionsUri(URI endpoint) {
        String s = endpoint.toString().replaceAll("/+$", "");
        return URI.create(s.endsWith("/chat/completions") ? s : s + "/chat/completions");
    }

    @Override
    public Outcome run(AdapterRun run) throws InterruptedException {
        URI uri = completionsUri(spec.endpoint());
        var request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body(run))));
        if (spec.apiKeyEnv() != null) {
            String key = System.getenv(spec.apiKeyEnv());
            if (key == null || key.isBlank()) {
                return Outcome.failed("environment variable " + spec.apiKeyEnv() + " (the agent's api_key_env) is not set");
            }
            request.header("Authorization", "Bearer " + key);
        }
        CompletableFuture<HttpResponse<InputStream>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        run.stop().onStop(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            // Bounded by the run's timeout, which also stops (cancels) it: whichever comes first ends the wait.
            response = pending.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            return Outcome.failed("stopped");
        } catch (ExecutionException e) {
            return Outcome.failed("request to " + uri.getHost() + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Outcome.failed(uri.getHost() + " did not answer within " + spec.timeout().toSeconds() + " s");
        }
        try (InputStream body = response.body()) {
            run.stop().onStop(() -> closeQuietly(body));
            if (response.statusCode() / 100 != 2) {
                String text = new String(body.readNBytes(2_048), StandardCharsets.UTF_8);
                return Outcome.failed(uri.getHost() + " answered " + response.statusCode() + ": " + text.strip());
            }
            return readStream(body, run.out(), uri.getHost());
        } catch (IOException e) {
            return run.stop().stopped() ? Outcome.failed("stopped") : Outcome.cutShort("reading the stream failed: " + e.getMessage());
        }
    }

    private ObjectNode body(AdapterRun run) {
        ObjectNode body = Json.object();
        body.put("model", spec.model());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        if (spec.systemPrompt() != null) messages.addObject().put("role", "system").put("content", spec.systemPrompt());
        List<Message> transcript = run.transcript().get();
        int from = Math.max(0, transcript.size() - spec.maxContextMessages());
        for (int i = from; i < transcript.size(); i++) {
            Message m = transcript.get(i);
            boolean last = i == transcript.size() - 1;
            if (last && !run.directives().isEmpty()) {
                messages.addObject().put("role", "system").put("content", DirectiveText.block(run.directives()));
            }
            String text = ContentText.of(Json.readStored(m.content()));
            if (text.isEmpty()) continue;
            switch (m.role()) {
                case "tool" -> messages.addObject().put("role", "user").put("content", "[tool result] " + text);
                default -> messages.addObject().put("role", m.role()).put("content", text);
            }
        }
        return body;
    }

    /**
     * Reads the event stream to {@code data: [DONE]}. A stream that ends without it was cut short (the endpoint
     * or a proxy dropped the connection, or the endpoint crashed): the answer is incomplete, and the run fails
     * rather than passing a truncated answer off as complete; what arrived is kept, marked partial.
     */
    private static Outcome readStream(InputStream body, OutputSink out, String host) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.startsWith("data:")) continue; // comments, event names, blank separators
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) return Outcome.ok();
            JsonNode chunk = Json.MAPPER.readTree(data);
            if (chunk.has("error")) return Outcome.cutShort("endpoint error: " + Json.write(chunk.get("error")));
            JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
            if (content.isTextual()) out.delta(content.textValue());
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) out.usage(usage(usage, chunk.path("model").asText(null)));
        }
        return Outcome.cutShort("the stream from " + host + " ended before [DONE]: the answer is incomplete");
    }

    /** OpenAI usage names → ours. */
    private static ObjectNode usage(JsonNode u, String model) {
        ObjectNode o = Json.object();
        o.put("input_tokens", u.path("prompt_tokens").asLong(0));
        o.put("output_tokens", u.path("completion_tokens").asLong(0));
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        if (cached > 0) o.put("cache_read_tokens", cached);
        long reasoning = u.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        if (reasoning > 0) o.put("reasoning_tokens", reasoning);
        if (model != null) o.put("model", model);
        return o;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the stream is interrupted; a failure to close changes nothing
        }
    }
}
