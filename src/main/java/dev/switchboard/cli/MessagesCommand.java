package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "messages", mixinStandardHelpOptions = true, description = "Read and append to transcripts.",
        subcommands = {MessagesCommand.Tail.class, MessagesAppend.class})
public final class MessagesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Print the last messages of a session, oldest first.")
    static final class Tail implements Runnable {
        @Mixin ClientOptions client;

        @Parameters(paramLabel = "KEY") String key;

        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many messages (max 500)") int count;

        @Option(names = "--instance", description = "An earlier instance id instead of the current one") String instance;

        @Option(names = {"-f", "--follow"}, description = "Keep printing messages as they are appended (Ctrl-C to stop)")
        boolean follow;

        @Override
        public void run() {
            ApiClient api = client.client();
            // Subscribe before reading the tail: a message appended in between then arrives on the stream
            // (and one in both is printed once), so following never misses or repeats a message.
            ApiClient.EventStream stream = follow ? api.events(eventsPath(), null) : null;
            var params = new LinkedHashMap<String, Object>();
            params.put("order", "desc");
            params.put("limit", count);
            params.put("instance", instance);
            JsonNode page = api.get("/v1/sessions/" + ApiClient.segment(key) + "/messages" + ApiClient.query(params));
            List<JsonNode> items = new ArrayList<>();
            page.path("items").forEach(items::add);
            items = items.reversed();
            if (client.json && !follow) {
                // the page REST returned, oldest first as printed
                var body = Json.object();
                body.set("items", Json.MAPPER.valueToTree(items));
                body.set("next_cursor", page.path("next_cursor"));
                System.out.println(Json.write(body));
                return;
            }
            var printed = new Position();
            for (JsonNode m : items) print(m, printed);
            if (follow) follow(api, stream, printed);
        }

        private String eventsPath() {
            return "/v1/events" + ApiClient.query(Map.of("session", key, "types", "message.appended"));
        }

        /** The newest message printed, to skip it when the stream delivers it again. */
        private static final class Position {
            String instance;
            long seq;
        }

        private void print(JsonNode m, Position printed) {
            String instance = m.path("instance").asText();
            if (instance.equals(printed.instance) && m.path("seq").asLong() <= printed.seq) return;
            printed.instance = instance;
            printed.seq = m.path("seq").asLong();
            if (client.json) {
                System.out.println(Json.write(m));
                return;
            }
            System.out.println("#" + m.path("seq").asLong() + " " + m.path("created_at").asText() + " "
                    + m.path("role").asText() + (m.hasNonNull("name") ? " (" + m.path("name").asText() + ")" : ""));
            System.out.println(indent(text(m.path("content"))));
            System.out.flush();
        }

        /** Prints streamed messages until interrupted; reconnects (resuming by event id) when the stream ends. */
        private void follow(ApiClient api, ApiClient.EventStream first, Position printed) {
            String lastId = null;
            ApiClient.EventStream current = first;
            while (true) {
                try (var stream = current) {
                    for (var e = stream.next(); e != null; e = stream.next()) {
                        lastId = e.id();
                        switch (e.type()) {
                            case "message.appended" -> print(e.json().path("data"), printed);
                            case "closed" -> throw new CliException("stream closed by the server: "
                                    + e.json().path("reason").asText(), ExitCodes.FAILED);
                            default -> { } // reset: the stream goes on; overflow: reconnect below, from its id
                        }
                    }
                }
                pause();
                current = api.events(eventsPath(), lastId);
            }
        }

        private static void pause() {
            try {
                Thread.sleep(1_000); // don't hammer a server that is restarting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted", ExitCodes.INTERRUPTED);
            }
        }
    }

    /** The readable text of a message's content: the string itself, or the text blocks of an array. */
    static String text(JsonNode content) {
        if (content.isTextual()) return content.asText();
        if (!content.isArray()) return "";
        var sb = new StringBuilder();
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> sb.append(block.path("text").asText());
                case "tool_use" -> sb.append("[tool_use ").append(block.path("name").asText()).append(' ')
                        .append(Json.write(block.path("input"))).append(']');
                case "tool_result" -> sb.append("[tool_result] ").append(text(block.path("content")));
                default -> sb.append('[').append(type).append(']');
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }
}
