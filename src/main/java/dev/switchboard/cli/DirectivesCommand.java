package dev.switchboard.cli;

import picocli.CommandLine.Command;

@Command(name = "directives", mixinStandardHelpOptions = true,
        description = "Instructions for sessions' agents, delivered with their next run.",
        subcommands = {DirectivesPost.class, DirectivesLs.class, DirectivesAck.class})
public final class DirectivesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Directives as a table: the columns every directive command prints. */
    static void print(Iterable<com.fasterxml.jackson.databind.JsonNode> directives) {
        var table = new Table("ID", "STATUS", "PRIORITY", "TAGS", "TO", "RUN", "CONTENT");
        for (var d : directives) {
            String to = d.hasNonNull("session_key") ? d.path("session_key").asText() : "target " + d.path("target");
            table.row(d.path("id").asText(), d.path("status").asText(), d.path("priority").asText(),
                    TokensCommand.join(d.path("tags")), to, d.path("run_id").asText(null), d.path("content").asText());
        }
        table.print(System.out);
    }
}
