package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code switchboard run}: in-process CLI against a real server, and against a server streaming events per API.md. */
@EachStore
class RunCommandTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    record Result(int code, String out, String err) {}

    @BeforeEachStore
    static void start() {
        var api = server.admin();
        api.put("/v1/agents/slow", Map.of("adapter", "echo", "delay_ms", 100));
        api.put("/v1/agents/broken", Map.of("adapter", "process", "command", List.of("/bin/false")));
    }


    static Result cli(String url, String... args) {
        var cl = SwitchboardCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", server.adminToken()));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void run_without_follow_prints_the_run_and_returns_at_once() {
        Result r = cli(server.url(), "run", "cli-plain", "hello", "--create");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("run \\w{26} (queued|running) \\(agent echo\\)\\s*");
    }

    @Test
    void follow_prints_the_reply_and_exits_zero_when_the_run_succeeds() {
        Result r = cli(server.url(), "run", "cli-follow", "hello from the cli", "--create", "--follow");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("hello from the cli");
    }

    @Test
    void follow_exits_one_when_the_run_fails() {
        Result r = cli(server.url(), "run", "cli-fail", "x", "--create", "--follow", "--agent", "broken");
        assertThat(r.code()).isEqualTo(RunCommand.EXIT_FAILED);
        assertThat(r.err()).contains("failed: exit code 1");
    }

    @Test
    void follow_exits_four_when_the_run_is_aborted() throws Exception {
        var api = server.admin();
        api.post("/v1/sessions", Map.of("key", "cli-abort"));
        var result = CompletableFuture.supplyAsync(() ->
                cli(server.url(), "run", "cli-abort", "w ".repeat(80).strip(), "--agent", "slow", "--follow"));
        String id = await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/sessions/cli-abort/runs").json().path("items").path(0).path("id").asText(""), s -> !s.isEmpty());
        api.post("/v1/runs/" + id + "/abort", null);
        Result r = result.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(RunCommand.EXIT_ABORTED);
    }

    @Test
    void an_unknown_session_is_a_clear_error() {
        Result r = cli(server.url(), "run", "cli-missing", "x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("404", "session cli-missing not found");
    }

    @Test
    void follow_streams_run_output_live_from_the_event_stream() throws Exception {
        var posted = new CompletableFuture<Void>();
        var eventsQuery = new CompletableFuture<String>();
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        fake.createContext("/v1/events", ex -> {
            eventsQuery.complete(ex.getRequestURI().getRawQuery());
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                posted.get(10, TimeUnit.SECONDS);
                event(out, 1, "run.queued", "{\"id\":\"r1\",\"status\":\"queued\"}");
                event(out, 2, "run.output", "{\"run_id\":\"other\",\"delta\":\"not ours \"}");
                event(out, 3, "run.output", "{\"run_id\":\"r1\",\"delta\":\"Hel\"}");
                event(out, 4, "run.output", "{\"run_id\":\"r1\",\"delta\":\"lo!\"}");
                event(out, 5, "run.completed", "{\"id\":\"r1\",\"status\":\"succeeded\"}");
                Thread.sleep(2_000); // a real stream stays open; the client must stop on its own
            } catch (Exception e) {
                // client closed the stream
            }
        });
        fake.createContext("/v1/sessions/k1/runs", ex -> {
            reply(ex, 202, "{\"id\":\"r1\",\"key\":\"k1\",\"status\":\"queued\",\"agent\":\"echo\"}");
            posted.complete(null);
        });
        fake.createContext("/v1/runs/r1", ex -> reply(ex, 200, "{\"id\":\"r1\",\"status\":\"succeeded\"}"));
        fake.start();
        try {
            Result r = cli("http://127.0.0.1:" + fake.getAddress().getPort(), "run", "k1", "hi", "--follow");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Hello!\n");
            assertThat(eventsQuery.get()).contains("session=k1", "types=run.");
        } finally {
            fake.stop(0);
        }
    }

    private static void event(OutputStream out, long seq, String type, String data) throws IOException {
        String json = "{\"seq\":" + seq + ",\"type\":\"" + type + "\",\"key\":\"k1\",\"channel\":null,"
                + "\"at\":\"2026-11-25T17:04:29.123Z\",\"data\":" + data + "}";
        out.write(("id: " + seq + "\nevent: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }
}
