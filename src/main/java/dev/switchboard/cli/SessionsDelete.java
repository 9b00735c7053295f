package dev.switchboard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions delete KEY [--purge]}: {@code DELETE /v1/sessions/{key}} (to the archive, or erased). */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a session: it moves to the archive (GET /v1/archive); --purge erases it (admin).")
final class SessionsDelete implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--purge", description = "Erase the session and everything about it, archive included") boolean purge;

    @Override
    public void run() {
        client.client().delete("/v1/sessions/" + ApiClient.segment(key) + (purge ? "?purge=true" : ""));
        ObjectNode result = Json.object().put("key", key).put("deleted", true).put("purged", purge);
        client.print(result, () -> System.out.println((purge ? "Erased " : "Deleted (archived) ") + key));
    }
}
