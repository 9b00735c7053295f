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
 * The real server on a random port, on a real store ({@link TestStore}: a SQLite file in a temporary directory, or
 * a database of its own on a real PostgreSQL server) with its data directory in a temporary directory. Test classes
 * get theirs from {@link ServerExtension}; {@link #restart} reopens the same data, as a process restart would.
 */
public final class TestServer implements AutoCloseable {
    private final TestStore.Location location;
    private final UnaryOperator<ConfigLoader> config;
    private final Clock clock;
    private Switchboard server;
    private String adminToken;
    private boolean closed;
    private final boolean ownsDataDir;
    private int port; // 0: any free port

    private TestServer(TestStore.Location location, UnaryOperator<ConfigLoader> config, Clock clock, boolean ownsDataDir) {
        this.location = location;
        this.ownsDataDir = ownsDataDir;
        this.config = config;
        this.clock = clock;
        open();
    }

    /** A server on {@code store}, configured by {@code config} over the test defaults. */
    public static TestServer start(TestStore store, UnaryOperator<ConfigLoader> config, Clock clock) {
        try {
            return new TestServer(store.newLocation(Files.createTempDirectory("switchboard-test")), config, clock, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A SQLite server on a data directory the test owns (e.g. on a small file system it mounted); close() leaves
     * the directory in place.
     */
    public static TestServer startIn(Path dataDir, UnaryOperator<ConfigLoader> config) {
        return new TestServer(new TestStore.Location(TestStore.SQLITE, null, dataDir), config, Clock.systemUTC(), false);
    }

    /**
     * A second node on the same data: for PostgreSQL, a server with a data directory of its own on the same database
     * (the admin token file copied over, as an operator would); for SQLite, whose file one node owns, this same server.
     */
    public TestServer peer(UnaryOperator<ConfigLoader> peerConfig) {
        if (location.postgresUrl() == null) return this;
        try {
            Path dir = Files.createTempDirectory("switchboard-peer");
            Files.copy(location.dataDir().resolve("admin.token"), dir.resolve("admin.token"));
            return new TestServer(new TestStore.Location(location.store(), location.postgresUrl(), dir), peerConfig, clock, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #open} starts from: the test defaults on this server's store and data directory. */
    public ConfigLoader baseConfig() {
        return location.configure(ConfigLoader.defaults()
                .set("server.port", port)
                .set("data_dir", location.dataDir().toString()));
    }

    private void open() {
        server = Switchboard.start(config.apply(baseConfig()).load(), clock);
        try {
            adminToken = Files.readString(location.dataDir().resolve("admin.token")).trim();
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
        return location.dataDir();
    }

    public TestStore store() {
        return location.store();
    }

    /** Direct SQL on this server's database. */
    public RawDb db() {
        return new RawDb(location);
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

    /** Stops the server and deletes its data directory; idempotent. */
    @Override
    public void close() {
        if (closed || server == null) return;
        closed = true;
        server.close();
        if (!ownsDataDir) return;
        try (Stream<Path> files = Files.walk(location.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up what is left
        }
    }
}
