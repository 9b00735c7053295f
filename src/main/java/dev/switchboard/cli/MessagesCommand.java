package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "messages", mixinStandardHelpOptions = true, description = "Read transcripts.",
        subcommands = {MessagesCommand.Tail.class})
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

        @Override
        public void run() {
            var params = new LinkedHashMap<String, Object>();
            params.put("order", "desc");
            params.put("limit", count);
            params.put("instance", instance);
            JsonNode page = client.client().get("/v1/sessions/" + ApiClient.segment(key) + "/messages" + ApiClient.query(params));
            List<JsonNode> items = new ArrayList<>();
            page.path("items").forEach(items::add);
            items = items.reversed();
            if (client.json) {
                System.out.println(Json.write(items));
                return;
            }
            for (JsonNode m : items) {
                System.out.println("#" + m.path("seq").asLong() + " " + m.path("created_at").asText() + " "
                        + m.path("role").asText() + (m.hasNonNull("name") ? " (" + m.path("name").asText() + ")" : ""));
                System.out.println(indent(text(m.path("content"))));
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
