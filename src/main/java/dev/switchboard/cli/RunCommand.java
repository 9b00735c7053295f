package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    static final int EXIT_FAILED = ExitCodes.FAILED;
    static final int EXIT_ABORTED = ExitCodes.ABORTED;
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
                status = feed.follow(id, out, client.json);
                printed = feed.printedAny;
            }
        }
        if (status == null) status = poll(api, id, out, !printed && !client.json);
        JsonNode ended = api.get("/v1/runs/" + id);
        if (client.json) out.println(Json.write(ended)); // the last NDJSON line: the run as it ended
        else if (printed) out.println(); // end the streamed text's line
        out.flush();
        return switch (status) {
            case "succeeded" -> 0;
            case "aborted" -> {
                if (!client.json) spec.commandLine().getErr().println("run " + id + " aborted: " + ended.path("error").asText(""));
                yield EXIT_ABORTED;
            }
            default -> {
                if (!client.json) spec.commandLine().getErr().println("run " + id + " " + status + ": " + ended.path("error").asText(""));
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
                throw new CliException("interrupted (the run goes on on the server: " + id + ")", ExitCodes.INTERRUPTED);
            }
        }
    }

    /** The session's {@code run.*} events (API.md "Events"), opened before the run is sent so nothing is missed. */
    static final class EventFeed implements AutoCloseable {
        private final ApiClient.EventStream stream;
        boolean printedAny;

        private EventFeed(ApiClient.EventStream stream) {
            this.stream = stream;
        }

        /** The feed, or empty when the server can't stream events to this token (the caller then polls). */
        static Optional<EventFeed> open(ApiClient api, String key) {
            String path = "/v1/events" + ApiClient.query(Map.of("session", key, "types", "run."));
            try {
                return Optional.of(new EventFeed(api.events(path, null)));
            } catch (CliException e) {
                if (e.exitCode() == ExitCodes.UNREACHABLE) throw e; // the server is unreachable: polling won't help either
                return Optional.empty();
            }
        }

        /**
         * Prints the run's deltas until it ends (with {@code json}: each of its events as one JSON line, NDJSON);
         * its final status, or null if the stream ended first.
         */
        String follow(String runId, PrintWriter out, boolean json) {
            for (ApiClient.ServerEvent e = stream.next(); e != null; e = stream.next()) {
                JsonNode d = e.json().path("data");
                boolean ours = runId.equals(d.path(e.type().equals("run.output") ? "run_id" : "id").asText());
                if (!ours) continue;
                if (json) {
                    out.println(e.data());
                    out.flush();
                }
                switch (e.type()) {
                    case "run.output" -> {
                        if (!json) {
                            out.print(d.path("delta").asText());
                            out.flush();
                        }
                        printedAny = true;
                    }
                    case "run.completed", "run.failed", "run.aborted" -> {
                        return d.path("status").asText();
                    }
                    default -> { }
                }
            }
            return null;
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
