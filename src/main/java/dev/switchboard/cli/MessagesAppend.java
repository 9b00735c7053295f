package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code messages append KEY TEXT}: {@code POST /v1/sessions/{key}/messages} with one message. */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "Append a message to a session's transcript; TEXT - reads it from stdin.")
final class MessagesAppend implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The content; - for stdin") String text;

    @Option(names = "--role", defaultValue = "user", description = "system, user (default), assistant or tool") String role;

    @Option(names = "--name", description = "Author name (e.g. the user's display name)") String name;

    @Override
    public void run() {
        var message = new LinkedHashMap<String, Object>();
        message.put("role", role);
        message.put("content", text.equals("-") ? stdin() : text);
        if (name != null) message.put("name", name);
        JsonNode r = client.client().post("/v1/sessions/" + ApiClient.segment(key) + "/messages",
                Map.of("messages", List.of(message)));
        client.print(r, () -> {
            for (JsonNode m : r.path("items")) {
                System.out.println("appended #" + m.path("seq").asLong() + " (" + m.path("role").asText() + ") to " + key);
            }
        });
    }

    private static String stdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new CliException("cannot read stdin: " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
