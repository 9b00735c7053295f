package dev.switchboard.testing;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The real server on a random port over a real SQLite file in a temporary directory. Tests create one
 * per class; {@link #restart} reopens the same data directory, as a process restart would.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final UnaryOperator<ConfigLoader> config;
    private final Clock clock;
    private Switchboard server;
    private String adminToken;
    private int port; // 0: any free port

    private TestServer(Path dataDir, UnaryOperator<ConfigLoader> config, Clock clock) {
        this.dataDir = dataDir;
        this.config = config;
        this.clock = clock;
        open();
    }

    public static TestServer start() {
        return start(c -> c, Clock.systemUTC());
    }

    public static TestServer start(UnaryOperator<ConfigLoader> config) {
        return start(config, Clock.systemUTC());
    }

    public static TestServer start(UnaryOperator<ConfigLoader> config, Clock clock) {
        try {
            return new TestServer(Files.createTempDirectory("switchboard-test"), config, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open() {
        var loader = ConfigLoader.defaults()
                .set("server.port", port)
                .set("data_dir", dataDir.toString());
        server = Switchboard.start(config.apply(loader).load(), clock);
        try {
            adminToken = Files.readString(dataDir.resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and starts a new one on the same data directory and port-0. */
    public void restart() {
        server.close();
        port = 0;
        open();
    }

    /**
     * {@link #restart} on the port the server has now: for clients that can only reconnect to the same origin
     * (a browser page). Jetty binds with SO_REUSEADDR, so the port is free again as soon as the old server closed.
     */
    public void restartOnSamePort() {
        int same = server.port();
        server.close();
        port = same;
        open();
    }

    public Switchboard server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public String adminToken() {
        return adminToken;
    }

    /** A client authenticated as the admin token. */
    public Http admin() {
        return new Http(url(), adminToken);
    }

    /** A client with no token at all. */
    public Http anonymous() {
        return new Http(url(), null);
    }

    /** Creates an API token through the REST API and returns its secret. */
    public String token(String name, List<String> scopes, Map<String, Object> grants) {
        var body = new java.util.LinkedHashMap<String, Object>(grants);
        body.put("name", name);
        body.put("scopes", scopes);
        Response r = admin().post("/v1/tokens", body);
        if (r.status() != 201) throw new AssertionError("token create failed: " + r);
        return r.json().path("token").asText();
    }

    public Http client(String name, List<String> scopes, Map<String, Object> grants) {
        return new Http(url(), token(name, scopes, grants));
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up what is left
        }
    }
}
