package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every client command shares: where the server is, how to authenticate, and output format. */
public final class ClientOptions {
    @Option(names = "--url", description = "Server URL (env SWITCHBOARD_URL; default http://127.0.0.1:7700)")
    String url;

    @Option(names = "--token", description = "Bearer token (env SWITCHBOARD_TOKEN; default: <data>/admin.token if readable)")
    String token;

    @Option(names = "--data", description = "The server's data directory, where admin.token is "
            + "(env SWITCHBOARD_DATA; default ./data)")
    Path data;

    @Option(names = "--json", description = "Print JSON only: the REST response (NDJSON for streams), errors as the problem object")
    boolean json;

    ApiClient client() {
        Token t = resolveToken();
        return new ApiClient(baseUrl(), t.secret(), t.source());
    }

    /** The server's URL without a trailing slash. */
    String baseUrl() {
        String base = url != null ? url : env("SWITCHBOARD_URL", "http://127.0.0.1:7700");
        return base.replaceAll("/+$", "");
    }

    /** A secret and where it came from, which a 401 names so the user knows which token was refused. */
    record Token(String secret, String source) {}

    /** The token: --token, else SWITCHBOARD_TOKEN, else admin.token in --data (or $SWITCHBOARD_DATA, or ./data). */
    Token resolveToken() {
        if (token != null) return new Token(token, "--token");
        String env = System.getenv("SWITCHBOARD_TOKEN");
        if (env != null && !env.isBlank()) return new Token(env.trim(), "SWITCHBOARD_TOKEN");
        Path dir = data != null ? data : Path.of(env("SWITCHBOARD_DATA", "./data"));
        Path file = dir.resolve("admin.token");
        if (Files.isReadable(file)) {
            try {
                return new Token(Files.readString(file).trim(), file.toString());
            } catch (IOException ignored) {
                // reported below
            }
        }
        throw new CliException("no token: pass --token, set SWITCHBOARD_TOKEN, or point --data at the server's data "
                + "directory (" + file + " is not readable)", ExitCodes.USAGE);
    }

    /** Prints {@code response} as JSON under {@code --json}, else runs {@code human}. */
    void print(JsonNode response, Runnable human) {
        if (json) System.out.println(Json.write(response));
        else human.run();
        System.out.flush();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
