package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.CapturedLogs;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests malformed below JSON, sent over a raw socket (issue 18, "Hostile input"): every error the server sends is
 * problem+json — Jetty's own refusals included — a broken body framing or an aborted upload is a 400 logged at debug,
 * and the method on the request line is the only method.
 */
@EachStore
class MalformedRequestTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static RawHttp raw;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        raw = new RawHttp(server.server().port());
    }

    static void assertProblem(RawHttp.Answer a, int status, String slug) {
        assertThat(a.status()).as(a.head() + "\n" + a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(a.head()).startsWith("application/problem+json");
        assertThat(a.json().path("type").asText()).isEqualTo("urn:switchboard:problem:" + slug);
        assertThat(a.json().path("status").asInt()).isEqualTo(status);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("<html");
    }

    private String authorized(String requestLine, String... headers) {
        return requestLine + "\r\nHost: x\r\nAuthorization: Bearer " + server.adminToken() + "\r\nConnection: close\r\n"
                + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList()) + "\r\n";
    }

    @Test
    void jettys_own_refusals_are_problem_json() {
        assertProblem(raw.exchange("GET //v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad-request");
        assertProblem(raw.exchange("GET /v1/sessions/%ED%A0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad-request");
        assertProblem(raw.exchange("DELETE /v1/sessions/%ED%A0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad-request");
        assertProblem(raw.exchange("GET /v1/sessions?" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 414, "uri-too-long");
        assertProblem(raw.exchange("GET /v1/sessions HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\nConnection: close\r\n\r\n"), 431, "headers-too-large");
        assertProblem(raw.exchange("GET /v1/sessions HTTP/1.7\r\nHost: x\r\nConnection: close\r\n\r\n"), 505, "http-version-not-supported");
    }

    @Test
    void a_query_string_that_is_not_utf8_is_refused_not_replaced() {
        for (String q : new String[] {"%FF", "%ED%A0%80", "%C0%AF", "%E2%82"}) {
            var r = api.get("/v1/sessions?q=" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.problem()).as(q).isEqualTo("bad-request");
        }
        for (String q : new String[] {"%G1", "abc%"}) { // escapes the JDK client refuses to send
            assertProblem(raw.exchange(authorized("GET /v1/sessions?q=" + q + " HTTP/1.1")), 400, "bad-request");
        }
        assertThat(api.get("/v1/sessions?q=%E2%82%AC%F0%9F%98%80").status()).isEqualTo(200);
    }

    @Test
    void a_method_override_header_is_ignored() {
        api.post("/v1/sessions", Map.of("key", "override"));
        assertThat(api.get("/v1/sessions/override", "X-HTTP-Method-Override", "DELETE").status()).isEqualTo(200);
        assertThat(api.send("POST", "/v1/sessions/override", "{\"title\":\"patched\"}", "X-HTTP-Method-Override", "PATCH").status())
                .isEqualTo(405);
        var session = api.get("/v1/sessions/override");
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().path("title").isNull()).isTrue();
    }

    @Test
    void malformed_chunked_bodies_are_400_and_not_logged_as_errors() {
        try (var logs = new CapturedLogs("dev.switchboard", Level.INFO)) {
            String post = authorized("POST /v1/sessions HTTP/1.1", "Transfer-Encoding: chunked");
            assertProblem(raw.exchange(post + "zz\r\n{}\r\n0\r\n\r\n"), 400, "bad-request");
            assertProblem(raw.exchange(post + "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"), 400, "bad-request");
            assertProblem(raw.exchange(post + "2;" + "e".repeat(100_000) + "\r\n{}\r\n0\r\n\r\n"), 400, "bad-request");
            assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
        }
        assertThat(api.get("/v1/sessions?limit=500").json().path("items").findValuesAsText("key")).doesNotContain("");
    }

    @Test
    void a_client_that_aborts_its_upload_is_logged_at_debug_not_as_an_internal_error() throws IOException {
        try (var logs = new CapturedLogs("dev.switchboard", Level.DEBUG)) {
            try (Socket socket = raw.open()) {
                OutputStream out = socket.getOutputStream();
                out.write(authorized("POST /v1/sessions HTTP/1.1", "Content-Length: 1000").getBytes(StandardCharsets.ISO_8859_1));
                out.write("{\"key\":\"abo".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream().anyMatch(l -> l.contains("client's side")));
            assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR"));
        }
    }
}
