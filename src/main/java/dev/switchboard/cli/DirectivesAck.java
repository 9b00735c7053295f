package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code directives ack ID [--result JSON]}: {@code POST /v1/directives/{id}/ack}. */
@Command(name = "ack", mixinStandardHelpOptions = true,
        description = "Acknowledge a directive (acking twice keeps the first result).")
final class DirectivesAck implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--result", description = "Any JSON value, e.g. '{\"done\":true}'") String result;

    @Override
    public void run() {
        var body = new LinkedHashMap<String, Object>();
        if (result != null) {
            try {
                body.put("result", Json.MAPPER.readTree(result));
            } catch (java.io.IOException e) {
                throw new CliException("--result is not JSON: " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        JsonNode d = client.client().post("/v1/directives/" + ApiClient.segment(id) + "/ack", body);
        client.print(d, () -> DirectivesCommand.print(List.of(d)));
    }
}
