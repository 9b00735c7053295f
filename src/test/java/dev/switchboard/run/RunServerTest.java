package dev.switchboard.run;

import dev.switchboard.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real server per test class, with a {@link RunClient} on it (subclasses add their agents in their own {@code @BeforeAll}). */
abstract class RunServerTest {
    static TestServer server;
    static RunClient c;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        c = new RunClient(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        c.close();
        server.close();
    }
}
