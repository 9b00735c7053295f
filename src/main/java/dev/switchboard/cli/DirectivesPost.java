package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code directives post CONTENT (--session KEY | --channel C / --agent A) --tag T}: {@code POST /v1/directives}. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = "Queue a directive for one session (--session) or every session of a channel and/or agent.")
final class DirectivesPost implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "CONTENT") String content;

    @Option(names = "--session", description = "The session's key") String session;
    @Option(names = "--channel", description = "Every session of this channel") String channel;
    @Option(names = "--agent", description = "Every session of this agent") String agent;
    @Option(names = "--priority", description = "low, normal (default), high or urgent") String priority;
    @Option(names = "--tag", required = true, description = "A tag (repeatable; at least one)") List<String> tags;
    @Option(names = "--expires-at", description = "RFC 3339, e.g. 2030-01-01T00:00:00Z") String expiresAt;

    @Override
    public void run() {
        var body = new LinkedHashMap<String, Object>();
        if (session != null) body.put("session_key", session);
        if (channel != null || agent != null) {
            var target = new LinkedHashMap<String, Object>();
            if (channel != null) target.put("channel", channel);
            if (agent != null) target.put("agent", agent);
            body.put("target", target);
        }
        body.put("content", content);
        if (priority != null) body.put("priority", priority);
        body.put("tags", tags);
        if (expiresAt != null) body.put("expires_at", expiresAt);
        JsonNode d = client.client().post("/v1/directives", body);
        client.print(d, () -> DirectivesCommand.print(List.of(d)));
    }
}
