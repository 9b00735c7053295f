package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real local server speaking OpenAI's streaming chat completions ({@code POST /v1/chat/completions}) on a random
 * port: each request body is recorded, and {@code answer} decides the reply — streamed text deltas and an optional
 * final usage chunk, or an error status.
 */
public final class FakeCompletions implements AutoCloseable {
    /** What to answer: {@code deltas} (streamed) and {@code usage} (JSON, or null), or an error {@code status}. */
    public record Answer(int status, String errorBody, List<String> deltas, String usage) {
        public static Answer stream(List<String> deltas, String usage) {
            return new Answer(200, null, deltas, usage);
        }

        public static Answer error(int status, String body) {
            return new Answer(status, body, List.of(), null);
        }
    }

    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Function<JsonNode, Answer> answer;

    public FakeCompletions(Function<JsonNode, Answer> answer) {
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::completions);
        server.start();
    }

    /** The base URL agents are configured with ({@code …/v1}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void completions(HttpExchange ex) throws IOException {
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        requests.add(body);
        Answer a = answer.apply(body);
        if (a.status() != 200) {
            byte[] err = a.errorBody().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), err.length);
            ex.getResponseBody().write(err);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (String d : a.deltas()) chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.write(d) + "}}]}");
            if (a.usage() != null) chunk(out, "{\"choices\":[],\"usage\":" + a.usage() + "}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
