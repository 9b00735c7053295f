package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code usage [--from] [--to] [--group-by]}: {@code GET /v1/usage}, tokens and cost over [from, to). */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Tokens and cost by day (UTC), agent, channel or model; default the last 30 days by day.")
final class UsageCommand implements Runnable {
    @Mixin ClientOptions client;

    @Option(names = "--from", description = "RFC 3339 start (inclusive); default 30 days ago") String from;
    @Option(names = "--to", description = "RFC 3339 end (exclusive); default now") String to;
    @Option(names = "--group-by", description = "day (default), agent, channel or model") String groupBy;

    @Override
    public void run() {
        var params = new LinkedHashMap<String, Object>();
        params.put("from", from);
        params.put("to", to);
        params.put("group_by", groupBy);
        JsonNode r = client.client().get("/v1/usage" + ApiClient.query(params));
        client.print(r, () -> {
            var table = new Table(r.path("group_by").asText("group").toUpperCase(java.util.Locale.ROOT), "INPUT", "OUTPUT",
                    "CACHED", "COST", "SESSIONS", "MESSAGES");
            for (JsonNode u : r.path("items")) {
                table.row(u.path("group").asText(null), Format.count(u.path("input_tokens").asLong()),
                        Format.count(u.path("output_tokens").asLong()), Format.count(u.path("cache_read_tokens").asLong()),
                        Format.money(u.path("cost_usd").asDouble()), Format.count(u.path("sessions").asLong()),
                        Format.count(u.path("messages").asLong()));
            }
            table.print(System.out);
            System.out.println("from " + r.path("from").asText() + " to " + r.path("to").asText());
        });
    }
}
