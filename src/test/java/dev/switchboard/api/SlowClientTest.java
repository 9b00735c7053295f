package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow-loris clients (issue 18): a connection that trickles its headers or its body, or sends nothing, is closed by
 * {@code http.header_timeout}, {@code http.body_timeout} and {@code http.idle_timeout} — short here, so the test
 * measures each deadline rather than waiting out the defaults.
 */
@EachStore
class SlowClientTest {
    static final Duration HEADER = Duration.ofMillis(1_000);
    static final Duration BODY = Duration.ofMillis(2_000);
    static final Duration IDLE = Duration.ofMillis(3_000);
    /** A trickle well inside the idle timeout: only a read deadline can end it. */
    static final Duration TRICKLE = Duration.ofMillis(100);

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("http.header_timeout", "1s").set("http.body_timeout", "2s")
            .set("http.idle_timeout", "3s"));
    static RawHttp raw;

    @BeforeEachStore
    static void start() {
        raw = new RawHttp(server.server().port());
    }

    /** Writes {@code head} then {@code byteOfMore} every {@link #TRICKLE}; returns how long until the server closed. */
    static Duration trickleUntilClosed(String head, byte byteOfMore) throws IOException {
        try (Socket socket = raw.open()) {
            OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(TRICKLE); // the slow client's pace, not a wait for the server
                        out.write(byteOfMore);
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection (or the test ended): stop trickling
                }
            });
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // a slow-loris request never completes, so nothing should arrive; read until the close
                }
            } catch (IOException reset) {
                // closed with unread data on our side: a reset is a close too
            } finally {
                trickler.interrupt();
            }
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    @Test
    void headers_that_never_end_are_cut_off_at_the_header_timeout() throws IOException {
        Duration took = trickleUntilClosed("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ", (byte) 'a');
        assertThat(took).isBetween(HEADER.minusMillis(100), HEADER.plus(Duration.ofSeconds(2)));
    }

    @Test
    void a_body_that_never_ends_is_cut_off_at_the_body_timeout() throws IOException {
        String head = "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.adminToken()
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"key\":\"";
        Duration took = trickleUntilClosed(head, (byte) 'k');
        assertThat(took).isBetween(BODY.minusMillis(100), BODY.plus(Duration.ofSeconds(2)));
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_at_the_idle_timeout() throws IOException {
        try (Socket socket = raw.open()) {
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(IDLE.minusMillis(100), IDLE.plus(Duration.ofSeconds(2)));
        }
    }

    @Test
    void a_prompt_request_on_the_same_server_is_answered() {
        var answer = raw.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(200);
    }
}
