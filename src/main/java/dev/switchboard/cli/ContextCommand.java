package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard sessions context KEY [--max-tokens N] [--format switchboard|openai|anthropic]}: what the
 * session's agent would see next ({@code GET /v1/sessions/{key}/context}). Readable by default (session block,
 * summary, then {@code #seq role: text}); {@code --json} or a {@code --format} prints the JSON as served.
 */
@Command(name = "context", mixinStandardHelpOptions = true, description = "Show what the session's agent would see next.")
public final class ContextCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--max-tokens", description = "Token budget (default: the server's context.max_tokens)") Long maxTokens;

    @Option(names = "--format", description = "switchboard, openai or anthropic (prints JSON)") String format;

    @Override
    public void run() {
        var params = new LinkedHashMap<String, Object>();
        params.put("max_tokens", maxTokens);
        params.put("format", format);
        JsonNode ctx = client.client().get("/v1/sessions/" + ApiClient.segment(key) + "/context" + ApiClient.query(params));
        PrintWriter out = spec.commandLine().getOut();
        if (client.json || format != null) {
            out.println(Json.write(ctx));
            out.flush();
            return;
        }
        if (!ctx.path("system").isNull()) out.println(ctx.path("system").asText() + "\n");
        if (ctx.path("summary").isObject()) out.println(ctx.path("summary").path("content").asText() + "\n");
        JsonNode omitted = ctx.path("omitted");
        if (omitted.isObject()) {
            out.println("(" + omitted.path("messages").asLong() + " messages, ~" + omitted.path("tokens").asLong()
                    + " tokens, left out to fit: #" + omitted.path("from_seq").asLong() + "–#" + omitted.path("to_seq").asLong() + ")");
        }
        for (JsonNode m : ctx.path("messages")) {
            out.println("#" + m.path("seq").asLong() + " " + m.path("role").asText() + ": " + MessagesCommand.text(m.path("content")));
        }
        for (JsonNode d : ctx.path("directives")) out.println("[directive " + d.path("priority").asText() + "] " + d.path("content").asText());
        out.println("(~" + ctx.path("tokens").path("total").asLong() + " of " + ctx.path("tokens").path("max").asLong() + " tokens)");
        out.flush();
    }
}
