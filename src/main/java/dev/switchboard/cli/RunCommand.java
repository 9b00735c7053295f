package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard run <key> "message" [--agent A] [--on-active X] [--follow]}. With {@code --follow} the
 * reply streams live from {@code GET /v1/events?session=<key>&types=run.} (subscribed before the run is
 * sent, so no output is missed); on a server without that endpoint it polls the run and prints the
 * messages it appends instead. The exit code reflects the run: 0 succeeded, 1 failed or lost, 4 aborted.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Send a message to a session's agent (POST /v1/sessions/{key}/runs); --follow streams the reply.")
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_ABORTED = 4;
    private static final long POLL_MS = 300;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Parameters(index = "1", paramLabel = "MESSAGE") String message;

    @Option(names = "--agent", description = "Agent id (default: the session's agent, else the server's default agent)")
    String agent;

    @Option(names = "--on-active", description = "When the session has an active run: reject (default), enqueue, interrupt, rollback")
    String onActive;

    @Option(names = {"-f", "--follow"}, description = "Stream the output until the run ends; exit 0 succeeded, 1 failed/lost, 4 aborted")
    boolean follow;

    @Option(names = "--create", description = "Create the session first if it doesn't exist (needs sessions:write)")
    boolean create;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        PrintWriter out = spec.commandLine().getOut();
        String path = "/v1/sessions/" + ApiClient.segment(key);
        if (create) api.post("/v1/sessions", Map.of("key", key));
        EventFeed feed = follow ? EventFeed.open(api, key).orElse(null) : null;
        var body = new LinkedHashMap<String, Object>();
        body.put("input", Map.of("role", "user", "content", message));
        if (agent != null) body.put("agent", agent);
        if (onActive != null) body.put("on_active", onActive);
        JsonNode run;
        try {
            run = api.post(path + "/runs", body);
        } catch (CliException e) {
            if (feed != null) feed.close();
            throw e;
        }
        String id = run.path("id").asText();
        if (!follow) {
            out.println(client.json ? Json.write(run)
                    : "run " + id + " " + run.path("status").asText() + " (agent " + run.path("agent").asText() + ")");
            out.flush();
            return 0;
        }
        String status = null;
        boolean printed = false;
        if (feed != null) {
            try (feed) {
                status = feed.follow(id, out);
                printed = feed.printedAny;
            }
        }
        if (status == null) status = poll(api, id, out, !printed);
        JsonNode ended = api.get("/v1/runs/" + id);
        if (client.json) out.println(Json.write(ended));
        else if (printed) out.println(); // end the streamed text's line
        out.flush();
        return switch (status) {
            case "succeeded" -> 0;
            case "aborted" -> {
                spec.commandLine().getErr().println("run " + id + " aborted: " + ended.path("error").asText(""));
                yield EXIT_ABORTED;
            }
            default -> {
                spec.commandLine().getErr().println("run " + id + " " + status + ": " + ended.path("error").asText(""));
                yield EXIT_FAILED;
            }
        };
    }

    /** Without a live feed: waits for the run to end, printing the messages it appends as they appear. */
    private String poll(ApiClient api, String id, PrintWriter out, boolean printMessages) {
        long after = -1;
        while (true) {
            JsonNode run = api.get("/v1/runs/" + id);
            String status = run.path("status").asText();
            boolean ended = !status.equals("queued") && !status.equals("running");
            if (printMessages && run.hasNonNull("input_seq")) {
                if (after < 0) after = run.path("input_seq").asLong();
                JsonNode page = api.get("/v1/sessions/" + ApiClient.segment(key) + "/messages?limit=500&after_seq=" + after);
                for (JsonNode m : page.path("items")) {
                    after = m.path("seq").asLong();
                    if (id.equals(m.path("metadata").path("run_id").asText())) {
                        out.print(MessagesCommand.text(m.path("content")));
                        out.println();
                        out.flush();
                    }
                }
            }
            if (ended) return status;
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted (the run goes on on the server: " + id + ")", 130);
            }
        }
    }

    /** The session's {@code run.*} events, read on a virtual thread into a queue (API.md "Events"). */
    static final class EventFeed implements AutoCloseable {
        private record Sse(String type, JsonNode data) {}

        private static final Sse END = new Sse("", null);
        /** How long to wait for the stream to open before sending the run anyway. */
        private static final long OPEN_WAIT_MS = 5_000;

        private final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        private volatile Stream<String> lines;
        boolean printedAny;

        static Optional<EventFeed> open(ApiClient api, String key) {
            var feed = new EventFeed();
            var opened = new CompletableFuture<Boolean>();
            String path = "/v1/events" + ApiClient.query(Map.of("session", key, "types", "run."));
            Thread.ofVirtual().name("events").start(() -> {
                try {
                    Optional<Stream<String>> stream = api.eventStream(path);
                    opened.complete(stream.isPresent());
                    stream.ifPresent(feed::read);
                } catch (RuntimeException e) {
                    opened.complete(false);
                } finally {
                    feed.events.add(END);
                }
            });
            try {
                return opened.get(OPEN_WAIT_MS, TimeUnit.MILLISECONDS) ? Optional.of(feed) : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return Optional.empty();
            }
        }

        private void read(Stream<String> stream) {
            lines = stream;
            String type = null;
            var data = new StringBuilder();
            for (String line : (Iterable<String>) stream::iterator) {
                if (line.isEmpty()) {
                    if (type != null && !data.isEmpty()) {
                        try {
                            events.add(new Sse(type, Json.MAPPER.readTree(data.toString())));
                        } catch (java.io.IOException e) {
                            // not an event we understand; skip it
                        }
                    }
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(5).strip());
                }
            }
        }

        /** Prints the run's deltas until it ends; its final status, or null if the stream ended first. */
        String follow(String runId, PrintWriter out) {
            while (true) {
                Sse e;
                try {
                    e = events.take();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                if (e == END) return null;
                JsonNode d = e.data().path("data");
                switch (e.type()) {
                    case "run.output" -> {
                        if (runId.equals(d.path("run_id").asText())) {
                            out.print(d.path("delta").asText());
                            out.flush();
                            printedAny = true;
                        }
                    }
                    case "run.completed", "run.failed", "run.aborted" -> {
                        if (runId.equals(d.path("id").asText())) return d.path("status").asText();
                    }
                    default -> { }
                }
            }
        }

        @Override
        public void close() {
            Stream<String> s = lines;
            if (s != null) s.close();
        }
    }
}
