package dev.switchboard.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export KEY [-o FILE]}: {@code GET /v1/sessions/{key}/export}, NDJSON (API.md "Export format"). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a session as NDJSON: a session line, then each instance and its messages.")
final class ExportCommand implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--instance", description = "Only this instance (default: all)") String instance;

    @Option(names = {"-o", "--output"}, description = "Write to this file (default: stdout)") Path output;

    @Override
    public void run() {
        String path = "/v1/sessions/" + ApiClient.segment(key) + "/export" + (instance == null ? "" : "?instance="
                + ApiClient.segment(instance));
        ApiClient api = client.client();
        if (output == null) {
            api.download(path, System.out); // NDJSON is the export's format, with or without --json
            return;
        }
        try (OutputStream out = Files.newOutputStream(output)) {
            api.download(path, out);
        } catch (IOException e) {
            throw new CliException("cannot write " + output + ": " + e.getMessage(), ExitCodes.FAILED);
        }
        long lines;
        try (var l = Files.lines(output)) {
            lines = l.count();
        } catch (IOException e) {
            throw new CliException("cannot read back " + output + ": " + e.getMessage(), ExitCodes.FAILED);
        }
        client.print(dev.switchboard.json.Json.object().put("key", key).put("file", output.toString()).put("lines", lines),
                () -> System.out.println("Exported " + key + " to " + output + " (" + Format.count(lines) + " lines)"));
    }
}
