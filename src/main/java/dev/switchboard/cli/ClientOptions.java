package dev.switchboard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every client command shares: where the server is, how to authenticate, and output format. */
public final class ClientOptions {
    @Option(names = "--url", description = "Server URL (env SWITCHBOARD_URL; default http://127.0.0.1:7700)")
    String url;

    @Option(names = "--token", description = "Bearer token (env SWITCHBOARD_TOKEN; default: ./data/admin.token if readable)")
    String token;

    @Option(names = "--json", description = "Print the raw JSON response")
    boolean json;

    ApiClient client() {
        return new ApiClient(baseUrl(), resolveToken());
    }

    /** The server's URL without a trailing slash. */
    String baseUrl() {
        String base = url != null ? url : env("SWITCHBOARD_URL", "http://127.0.0.1:7700");
        return base.replaceAll("/+$", "");
    }

    /** The token: --token, else SWITCHBOARD_TOKEN, else ./data/admin.token (or $SWITCHBOARD_DATA/admin.token). */
    String resolveToken() {
        if (token != null) return token;
        String env = System.getenv("SWITCHBOARD_TOKEN");
        if (env != null && !env.isBlank()) return env.trim();
        Path local = Path.of(env("SWITCHBOARD_DATA", "./data"), "admin.token");
        if (Files.isReadable(local)) {
            try {
                return Files.readString(local).trim();
            } catch (IOException ignored) {
                // fall through to the error below
            }
        }
        throw new CliException("no token: pass --token, set SWITCHBOARD_TOKEN, or run next to ./data/admin.token", 2);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
