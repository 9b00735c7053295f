package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions create [KEY]}: {@code POST /v1/sessions} (get-or-create; without KEY a random key). */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a session (POST /v1/sessions); an existing one is returned unless --if-exists error.")
final class SessionsCreate implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY", arity = "0..1", description = "Explicit key ([A-Za-z0-9:._@/-]); default: random")
    String key;

    @Option(names = "--agent", description = "Agent id (default main)") String agent;
    @Option(names = "--title") String title;
    @Option(names = "--model") String model;
    @Option(names = "--if-exists", description = "return (default), error or revive") String ifExists;

    @Override
    public void run() {
        var body = new LinkedHashMap<String, Object>();
        if (key != null) body.put("key", key);
        if (agent != null) body.put("agent", agent);
        if (title != null) body.put("title", title);
        if (model != null) body.put("model", model);
        if (ifExists != null) body.put("if_exists", ifExists);
        JsonNode s = client.client().post("/v1/sessions", body);
        client.print(s, () -> SessionsCommand.printSession(s));
    }
}
