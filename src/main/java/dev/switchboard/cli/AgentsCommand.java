package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "agents", mixinStandardHelpOptions = true, description = "Agents runs can use (admin).",
        subcommands = {AgentsCommand.Ls.class})
public final class AgentsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code agents ls}: {@code GET /v1/agents}. */
    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
            description = "List agents: from the config file, defined through the API, and the built-in echo.")
    static final class Ls implements Runnable {
        @Mixin ClientOptions client;

        @Override
        public void run() {
            JsonNode page = client.client().get("/v1/agents");
            client.print(page, () -> {
                var table = new Table("ID", "SOURCE", "ADAPTER", "RUNS", "MAX", "TIMEOUT");
                for (JsonNode a : page.path("items")) {
                    table.row(a.path("id").asText(), a.path("source").asText(), a.path("adapter").asText(), what(a),
                            a.path("max_concurrent").asText(null), a.path("timeout_seconds").isMissingNode() ? null
                                    : a.path("timeout_seconds").asLong() + " s");
                }
                table.print(System.out);
            });
        }

        /** What the agent runs: its command line, its endpoint and model, or nothing for echo. */
        private static String what(JsonNode a) {
            if (a.has("command")) {
                var parts = new java.util.ArrayList<String>();
                a.path("command").forEach(p -> parts.add(p.asText()));
                return String.join(" ", parts);
            }
            if (a.has("endpoint")) return a.path("endpoint").asText() + " " + a.path("model").asText("");
            return null;
        }
    }
}
