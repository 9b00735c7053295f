package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code directives ls KEY [--pending]}: {@code GET /v1/sessions/{key}/directives}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List the directives addressed to a session (directly or by its channel/agent), oldest first.")
final class DirectivesLs implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--pending", description = "Only those not yet delivered to it, acked or expired") boolean pending;
    @Option(names = "--limit", defaultValue = "50") int limit;
    @Option(names = "--cursor", description = "Continue from a previous page's next_cursor") String cursor;

    @Override
    public void run() {
        var params = new LinkedHashMap<String, Object>();
        params.put("pending", pending ? true : null);
        params.put("limit", limit);
        params.put("cursor", cursor);
        JsonNode page = client.client().get("/v1/sessions/" + ApiClient.segment(key) + "/directives" + ApiClient.query(params));
        client.print(page, () -> {
            DirectivesCommand.print(page.path("items"));
            Table.more(page);
        });
    }
}
