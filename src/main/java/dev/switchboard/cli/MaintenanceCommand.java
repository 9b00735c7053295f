package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maintenance --dry-run | --enforce}: {@code POST /v1/maintenance}, retention now (admin token). */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = "Apply [maintenance] retention now (--enforce), or list what it would remove (--dry-run).")
final class MaintenanceCommand implements Runnable {
    @Mixin ClientOptions client;

    @ArgGroup(exclusive = true, multiplicity = "1") Mode mode;

    static final class Mode {
        @Option(names = "--dry-run", required = true, description = "Change nothing; report what would go") boolean dryRun;
        @Option(names = "--enforce", required = true, description = "Archive and purge what the rules say") boolean enforce;
    }

    @Override
    public void run() {
        JsonNode r = client.client().post("/v1/maintenance", Map.of("dry_run", mode.dryRun));
        client.print(r, () -> {
            String verb = mode.dryRun ? "would " : "";
            line(verb + "archive ended sessions", r.path("archived_sessions"));
            line(verb + "purge archive entries", r.path("purged_archive_entries"));
            line(verb + "remove run directories", r.path("removed_run_dirs"));
            System.out.println("store size: " + r.path("store_bytes").asLong() + " bytes");
        });
    }

    private static void line(String what, JsonNode part) {
        var first = new StringBuilder();
        part.path("first").forEach(k -> first.append(first.isEmpty() ? "" : ", ").append(k.asText()));
        System.out.println(what + ": " + part.path("count").asLong() + (first.isEmpty() ? "" : " (" + first + ")"));
    }
}
