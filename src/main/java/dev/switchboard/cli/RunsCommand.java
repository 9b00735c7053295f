package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runs}: the operator's view of runs across sessions ({@code GET /v1/runs}). */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Runs across all sessions.",
        subcommands = {RunsCommand.Ls.class})
public final class RunsCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
    static final class Ls implements Runnable {
        @Mixin ClientOptions client;

        @Option(names = "--status", description = "queued, running, succeeded, failed, aborted or lost") String status;
        @Option(names = "--agent") String agent;
        @Option(names = "--session", description = "Runs of this session key") String session;
        @Option(names = "--parent-key", description = "Runs of this session's subagents") String parentKey;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--cursor", description = "Continue from a previous page's next_cursor") String cursor;

        @Override
        public void run() {
            var params = new LinkedHashMap<String, Object>();
            params.put("status", status);
            params.put("agent", agent);
            params.put("session", session);
            params.put("parent_key", parentKey);
            params.put("limit", limit);
            params.put("cursor", cursor);
            JsonNode page = client.client().get("/v1/runs" + ApiClient.query(params));
            client.print(page, () -> {
                var table = new Table("ID", "STATUS", "SESSION", "AGENT", "CREATED", "ERROR");
                page.path("items").forEach(r -> table.row(r.path("id").asText(), r.path("status").asText(),
                        r.path("key").asText(), r.path("agent").asText(), r.path("created_at").asText(),
                        r.path("error").asText(null)));
                table.print(System.out);
                Table.more(page);
            });
        }
    }
}
