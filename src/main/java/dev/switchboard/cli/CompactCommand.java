package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard sessions compact KEY [--strategy summarize|truncate] [--keep-last N] [--follow]}: records a
 * checkpoint ({@code POST /v1/sessions/{key}/compact}). A summary is produced after the answer; {@code --follow}
 * waits for it (the session's {@code checkpoint.created} / {@code compaction.failed} events, opened before the request
 * so the end can't be missed; polling when the token can't stream). Exit 0 when the checkpoint is active, 1 failed.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Compact a session's context into a checkpoint (the transcript is kept); --follow waits for the summary.")
public final class CompactCommand implements java.util.concurrent.Callable<Integer> {
    private static final long POLL_MS = 500;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--strategy", defaultValue = "summarize", description = "summarize (default) or truncate")
    String strategy;

    @Option(names = "--keep-last", description = "Messages the context keeps (default: the server's compaction.keep_last)")
    Integer keepLast;

    @Option(names = "--agent", description = "The summarizer agent (default: the server's compaction.agent)")
    String agent;

    @Option(names = "--instructions", description = "Added to the summarizer's prompt")
    String instructions;

    @Option(names = {"-f", "--follow"}, description = "Wait until the summary is done; exit 0 active, 1 failed")
    boolean follow;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        PrintWriter out = spec.commandLine().getOut();
        var body = new LinkedHashMap<String, Object>();
        body.put("strategy", strategy);
        if (keepLast != null) body.put("keep_last", keepLast);
        if (agent != null) body.put("agent", agent);
        if (instructions != null) body.put("instructions", instructions);
        String events = "/v1/events" + ApiClient.query(Map.of("session", key, "types", "checkpoint.created,compaction.failed"));
        ApiClient.EventStream stream = follow ? openQuietly(api, events) : null;
        JsonNode cp;
        try {
            cp = api.post("/v1/sessions/" + ApiClient.segment(key) + "/compact", body);
        } catch (CliException e) {
            if (stream != null) stream.close();
            throw e;
        }
        if (follow && "running".equals(cp.path("status").asText())) {
            if (!client.json) print(cp, out);
            cp = awaitEnd(api, cp.path("id").asText(), stream);
        }
        if (stream != null) stream.close();
        print(cp, out);
        if ("failed".equals(cp.path("status").asText())) {
            spec.commandLine().getErr().println("compaction " + cp.path("id").asText() + " failed: " + cp.path("error").asText());
            return 1;
        }
        return 0;
    }

    private void print(JsonNode cp, PrintWriter out) {
        if (client.json) {
            out.println(Json.write(cp));
        } else {
            out.println("checkpoint " + cp.path("id").asText() + " " + cp.path("status").asText() + " (" + cp.path("strategy").asText()
                    + "): covers " + cp.path("covers").path("from_seq").asLong() + "–" + cp.path("covers").path("to_seq").asLong()
                    + ", keeps from " + cp.path("first_kept_seq").asLong() + ", ~" + cp.path("tokens_before").asLong() + " tokens"
                    + (cp.path("tokens_after").isNull() ? "" : " → ~" + cp.path("tokens_after").asLong()));
            if (cp.path("summary").isObject()) out.println(cp.path("summary").path("content").asText());
        }
        out.flush();
    }

    private JsonNode awaitEnd(ApiClient api, String id, ApiClient.EventStream stream) {
        if (stream != null) {
            for (ApiClient.ServerEvent e = stream.next(); e != null; e = stream.next()) {
                if (id.equals(e.json().path("data").path("id").asText())) return e.json().path("data");
            }
        }
        String path = "/v1/sessions/" + ApiClient.segment(key) + "/checkpoints/" + id;
        while (true) {
            JsonNode cp = api.get(path);
            if (!"running".equals(cp.path("status").asText())) return cp;
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted (the compaction goes on on the server: " + id + ")", 130);
            }
        }
    }

    /** The event stream, or null when this token can't stream (the end is then polled). */
    private static ApiClient.EventStream openQuietly(ApiClient api, String path) {
        try {
            return api.events(path, null);
        } catch (CliException e) {
            if (e.exitCode() == 3) throw e; // the server is unreachable: polling won't help either
            return null;
        }
    }
}
