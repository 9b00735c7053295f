package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage API tokens (admin).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token; its secret is printed once.")
    static final class Create implements Runnable {
        @Mixin ClientOptions client;

        @Option(names = "--name", required = true, description = "A name that says who uses it")
        String name;

        @Option(names = "--scope", required = true, description = "sessions:read, sessions:write, transcripts:read, "
                + "transcripts:write, runs:write, directives:write or admin (repeatable)")
        List<String> scopes;

        @Option(names = "--channel", description = "Restrict to these channels (repeatable)")
        List<String> channels;

        @Option(names = "--agent", description = "Restrict to these agents (repeatable)")
        List<String> agents;

        @Option(names = "--plugin", description = "Grant these plugin namespaces (repeatable)")
        List<String> plugins;

        @Option(names = "--expires-at", description = "RFC 3339 expiry, e.g. 2027-01-01T00:00:00Z")
        String expiresAt;

        @Override
        public void run() {
            var body = new LinkedHashMap<String, Object>();
            body.put("name", name);
            body.put("scopes", scopes);
            if (channels != null) body.put("channels", channels);
            if (agents != null) body.put("agents", agents);
            if (plugins != null) body.put("plugins", plugins);
            if (expiresAt != null) body.put("expires_at", expiresAt);
            JsonNode t = client.client().post("/v1/tokens", body);
            client.print(t, () -> {
                System.out.println("Created token " + t.path("id").asText() + " (" + name + "). Its secret, shown only now:");
                System.out.println(t.path("token").asText());
            });
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Runnable {
        @Mixin ClientOptions client;

        @Option(names = "--include-revoked", description = "Show revoked tokens too")
        boolean includeRevoked;

        @Override
        public void run() {
            var api = client.client();
            var table = new Table("ID", "NAME", "SCOPES", "CHANNELS", "AGENTS", "EXPIRES", "REVOKED");
            var all = Json.MAPPER.createArrayNode();
            String cursor = null;
            do {
                JsonNode page = api.get("/v1/tokens" + ApiClient.query(Map.of("limit", 500,
                        "include_revoked", includeRevoked)) + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("items").forEach(all::add);
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            } while (cursor != null);
            if (client.json) {
                // What GET /v1/tokens returns, all pages in one: {items, next_cursor: null}
                var body = Json.object();
                body.set("items", all);
                body.putNull("next_cursor");
                System.out.println(Json.write(body));
                return;
            }
            for (JsonNode t : all) {
                table.row(t.path("id").asText(), t.path("name").asText(), join(t.path("scopes")), join(t.path("channels")),
                        join(t.path("agents")), t.path("expires_at").asText(null), t.path("revoked_at").asText(null));
            }
            table.print(System.out);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; its open streams close at once.")
    static final class Revoke implements Runnable {
        @Mixin ClientOptions client;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            client.client().delete("/v1/tokens/" + ApiClient.segment(id));
            client.print(Json.object().put("id", id).put("revoked", true), () -> System.out.println("Revoked " + id));
        }
    }

    static String join(JsonNode arr) {
        if (arr == null || arr.isNull() || arr.isMissingNode()) return "all";
        var parts = new java.util.ArrayList<String>();
        arr.forEach(n -> parts.add(n.asText()));
        return String.join(",", parts);
    }
}
