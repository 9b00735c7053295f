package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List, inspect, create, reset, end and delete sessions; compact them, show their context.",
        subcommands = {SessionsCommand.Ls.class, SessionsCommand.Show.class, SessionsCreate.class, SessionsDelete.class,
                SessionsReset.class, SessionsEnd.class, SessionsAbort.class, CompactCommand.class, ContextCommand.class})
public final class SessionsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List sessions, most recently updated first.")
    static final class Ls implements Runnable {
        @Mixin ClientOptions client;

        @Option(names = "--status", description = "active, idle or ended") String status;
        @Option(names = "--channel") String channel;
        @Option(names = "--agent") String agent;
        @Option(names = "--user-id") String userId;
        @Option(names = {"-q", "--query"}, description = "Title or key contains") String q;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--cursor", description = "Continue from a previous page's next_cursor") String cursor;

        @Override
        public void run() {
            var params = new LinkedHashMap<String, Object>();
            params.put("status", status);
            params.put("channel", channel);
            params.put("agent", agent);
            params.put("user_id", userId);
            params.put("q", q);
            params.put("limit", limit);
            params.put("cursor", cursor);
            JsonNode page = client.client().get("/v1/sessions" + ApiClient.query(params));
            if (client.json) {
                System.out.println(Json.write(page));
                return;
            }
            var table = new Table("KEY", "STATUS", "AGENT", "CHANNEL", "MSGS", "TITLE", "UPDATED");
            for (JsonNode s : page.path("items")) {
                table.row(s.path("key").asText(), s.path("status").asText(), s.path("agent").asText(),
                        s.path("channel").asText(null), Format.count(s.path("message_count").asLong()), s.path("title").asText(null),
                        s.path("updated_at").asText());
            }
            table.print(System.out);
            if (!page.path("next_cursor").isNull()) {
                System.out.println("(more: --cursor " + page.path("next_cursor").asText() + ")");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session.")
    static final class Show implements Runnable {
        @Mixin ClientOptions client;

        @Parameters(paramLabel = "KEY") String key;

        @Override
        public void run() {
            JsonNode s = client.client().get("/v1/sessions/" + ApiClient.segment(key));
            client.print(s, () -> printSession(s));
        }
    }

    /** {@code POST /v1/sessions/{key}/<action>} with an optional {@code reason}; prints the session. */
    static void postWithReason(ClientOptions client, String key, String action, String reason) {
        var body = new LinkedHashMap<String, Object>();
        if (reason != null) body.put("reason", reason);
        JsonNode s = client.client().post("/v1/sessions/" + ApiClient.segment(key) + "/" + action, body);
        client.print(s, () -> printSession(s));
    }

    /** One session as a FIELD/VALUE table. */
    static void printSession(JsonNode s) {
        var table = new Table("FIELD", "VALUE");
        for (String f : new String[] {"key", "id", "status", "agent", "channel", "title", "model", "parent_key",
                "message_count", "created_at", "updated_at", "last_seen_at", "ended_at", "end_reason", "version"}) {
            JsonNode v = s.path(f);
            table.row(f, v.isNull() || v.isMissingNode() ? null : v.asText());
        }
        table.row("usage", Format.usage(s.path("usage")));
        table.row("source", s.path("source").isNull() ? null : Json.write(s.path("source")));
        table.row("metadata", Json.write(s.path("metadata")));
        table.print(System.out);
    }
}
