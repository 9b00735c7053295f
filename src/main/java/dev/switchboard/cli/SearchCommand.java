package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search QUERY}: {@code GET /v1/search}, full-text over every transcript the token can read. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Full-text search of transcripts (SQLite FTS5 syntax: words, \"phrases\", prefix*, OR, NOT).")
final class SearchCommand implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "QUERY") String q;

    @Option(names = "--channel") String channel;
    @Option(names = "--agent") String agent;
    @Option(names = "--session", description = "One session's key") String session;
    @Option(names = "--role") String role;
    @Option(names = "--plain", description = "Each word literally (no FTS5 syntax)") boolean plain;
    @Option(names = "--limit", defaultValue = "20") int limit;
    @Option(names = "--cursor", description = "Continue from a previous page's next_cursor") String cursor;

    @Override
    public void run() {
        var params = new LinkedHashMap<String, Object>();
        params.put("q", q);
        params.put("channel", channel);
        params.put("agent", agent);
        params.put("session", session);
        params.put("role", role);
        params.put("syntax", plain ? "plain" : null);
        params.put("limit", limit);
        params.put("cursor", cursor);
        JsonNode page = client.client().get("/v1/search" + ApiClient.query(params));
        client.print(page, () -> {
            var table = new Table("KEY", "SEQ", "ROLE", "WHEN", "SNIPPET");
            for (JsonNode h : page.path("items")) {
                table.row(h.path("key").asText(), h.path("seq").asLong(), h.path("role").asText(),
                        h.path("created_at").asText(), h.path("snippet").asText());
            }
            table.print(System.out);
            Table.more(page);
        });
    }
}
