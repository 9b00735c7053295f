package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions abort KEY}: {@code POST /v1/sessions/{key}/abort}, the "stop" button. */
@Command(name = "abort", aliases = "stop", mixinStandardHelpOptions = true,
        description = "Stop a session: abort its running run, clear its queue, and stop the subagents it spawned.")
final class SessionsAbort implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--reason", description = "Recorded as the runs' abort_reason") String reason;

    @Override
    public void run() {
        var body = new LinkedHashMap<String, Object>();
        if (reason != null) body.put("reason", reason);
        JsonNode stopped = client.client().post("/v1/sessions/" + ApiClient.segment(key) + "/abort", body);
        client.print(stopped, () -> {
            var aborted = stopped.path("aborted");
            System.out.println("aborted " + aborted.size() + " run(s)" + (aborted.isEmpty() ? "" : ": " + join(aborted))
                    + "; cleared " + stopped.path("cleared").asInt() + " queued");
        });
    }

    private static String join(JsonNode ids) {
        var sb = new StringBuilder();
        ids.forEach(id -> sb.append(sb.isEmpty() ? "" : ", ").append(id.asText()));
        return sb.toString();
    }
}
