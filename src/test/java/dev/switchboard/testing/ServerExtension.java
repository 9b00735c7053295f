package dev.switchboard.testing;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The running {@link TestServer} of an integration test class: started before the class's first test (after the
 * store of the current {@link EachStore} run is known), closed after its last. Register it as a static field, with
 * the class's configuration (config overrides, a clock) given as lambdas:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.buffer", 32)).clock(clock);
 * }</pre>
 *
 * Tests call the server through this field ({@code server.admin()}, {@code server.db()}, …); it always answers for
 * the server of the store being run. Put per-run setup in {@link BeforeEachStore} methods, which run after the server
 * started (JUnit's {@code @BeforeAll} runs once before every store's run, when no server exists yet).
 */
public final class ServerExtension implements BeforeAllCallback {
    private final UnaryOperator<ConfigLoader> config;
    private final Clock clock;
    private TestServer current;
    private TestServer peer;

    private ServerExtension(UnaryOperator<ConfigLoader> config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A server with the default configuration and the system clock. */
    public static ServerExtension create() {
        return withConfig(c -> c);
    }

    /** A server with {@code config} applied over the test defaults (port 0, a temporary data directory). */
    public static ServerExtension withConfig(UnaryOperator<ConfigLoader> config) {
        return new ServerExtension(config, Clock.systemUTC());
    }

    /** The same configuration on {@code clock} (e.g. a {@link MutableClock} the tests move). */
    public ServerExtension clock(Clock clock) {
        return new ServerExtension(config, clock);
    }

    /**
     * Fails a class that registers a server without {@link EachStore}: it would silently run on one store only. (The
     * server itself is started per store run by {@link StoreInvocations}: JUnit calls a static field's callbacks once
     * around the whole class template.)
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (!StoreInvocations.isTemplate(context)) {
            throw new IllegalStateException(context.getRequiredTestClass().getSimpleName()
                    + " registers a ServerExtension but is not annotated @EachStore: it would run on one store only");
        }
    }

    void start(TestStore store) {
        current = TestServer.start(store, config, clock);
    }

    void stop() {
        TestServer s = current;
        TestServer p = peer;
        current = null;
        peer = null;
        if (p != null && p != s) p.close();
        if (s != null) s.close();
    }

    /**
     * A second node serving the same data, started on first use and stopped with the run's server: on PostgreSQL
     * another server on the same database; on SQLite, whose file one node owns, the server itself (so a test of
     * "two nodes" checks the same rules within one).
     */
    public TestServer peer() {
        if (peer == null) peer = get().peer(config);
        return peer;
    }

    /** The server of the current run. */
    public TestServer get() {
        if (current == null) throw new IllegalStateException("the test server is not running (outside a test class run?)");
        return current;
    }

    /** Another server on the same kind of store (its own data), for a test that needs different settings. */
    public TestServer startAnother(UnaryOperator<ConfigLoader> otherConfig) {
        return TestServer.start(get().store(), otherConfig, Clock.systemUTC());
    }

    public TestStore store() { return get().store(); }

    public Switchboard server() { return get().server(); }

    public Path dataDir() { return get().dataDir(); }

    public String url() { return get().url(); }

    public String adminToken() { return get().adminToken(); }

    public Http admin() { return get().admin(); }

    public Http anonymous() { return get().anonymous(); }

    public String token(String name, List<String> scopes, Map<String, Object> grants) {
        return get().token(name, scopes, grants);
    }

    public Http client(String name, List<String> scopes, Map<String, Object> grants) {
        return get().client(name, scopes, grants);
    }

    /** Direct SQL on the server's database, whichever the store. */
    public RawDb db() { return get().db(); }

    public void restart() { get().restart(); }
}
