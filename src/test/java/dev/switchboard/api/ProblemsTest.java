package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.problem.ProblemType;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.TestServer;
import dev.switchboard.web.Problems;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each problem type, provoked through the real API, comes back as RFC 9457 problem+json. */
@EachStore
class ProblemsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", "p"));
    }


    static void assertProblem(Response r, int status, String slug) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        var p = r.json();
        assertThat(p.path("type").asText()).isEqualTo("urn:switchboard:problem:" + slug);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        assertThat(p.path("instance").asText()).startsWith("/");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContainIgnoringCase("sqlite");
    }

    @Test
    void malformed_json_is_400_bad_request() {
        assertProblem(api.post("/v1/sessions", "{\"key\": "), 400, "bad-request");
        assertProblem(api.post("/v1/sessions/p/messages", "[1, 2"), 400, "bad-request");
    }

    @Test
    void a_body_that_is_not_an_object_is_422() {
        assertProblem(api.post("/v1/sessions", "[1, 2]"), 422, "validation");
    }

    @Test
    void missing_token_is_401_unauthorized() {
        assertProblem(server.anonymous().get("/v1/sessions"), 401, "unauthorized");
    }

    @Test
    void missing_scope_is_403_forbidden() {
        Http reader = server.client("reader", java.util.List.of("sessions:read"), Map.of());
        assertProblem(reader.post("/v1/sessions", Map.of("key", "nope")), 403, "forbidden");
    }

    @Test
    void unknown_route_and_unknown_session_are_404_not_found() {
        assertProblem(api.get("/v1/unknown"), 404, "not-found");
        assertProblem(server.anonymous().get("/nothing-here"), 404, "not-found");
        assertProblem(api.get("/v1/sessions/ghost"), 404, "not-found");
    }

    @Test
    void wrong_method_is_405() {
        assertProblem(api.delete("/v1/sessions"), 405, "method-not-allowed");
    }

    @Test
    void validation_is_422_with_errors() {
        Response r = api.post("/v1/sessions/p/messages", Map.of("role", "alien"));
        assertProblem(r, 422, "validation");
        assertThat(r.json().path("errors")).hasSize(2);
    }

    @Test
    void conflict_is_409() {
        assertProblem(api.post("/v1/sessions", Map.of("key", "p", "if_exists", "error")), 409, "conflict");
    }

    @Test
    void ended_session_is_409_session_ended() {
        api.post("/v1/sessions", Map.of("key", "p-ended"));
        api.post("/v1/sessions/p-ended/end", Map.of());
        assertProblem(api.post("/v1/sessions/p-ended/messages", Map.of("role", "user", "content", "x")), 409, "session-ended");
    }

    @Test
    void stale_if_match_is_412() {
        assertProblem(api.patch("/v1/sessions/p", Map.of("title", "t"), "If-Match", "\"999\""), 412, "precondition-failed");
        assertProblem(api.patch("/v1/sessions/p", Map.of("title", "t"), "If-Match", "garbage"), 412, "precondition-failed");
    }

    @Test
    void a_5_mib_body_is_413_and_writes_nothing() {
        long before = api.get("/v1/sessions/p").json().path("version").asLong();
        String huge = "{\"role\":\"user\",\"content\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertProblem(api.post("/v1/sessions/p/messages", huge), 413, "payload-too-large");
        assertThat(api.get("/v1/sessions/p").json().path("version").asLong()).isEqualTo(before);
        assertThat(api.get("/v1/sessions/p").json().path("message_count").asLong()).isZero();
    }

    @Test
    void a_chunked_body_over_the_limit_is_413_too() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        var request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/sessions"))
                .header("Authorization", "Bearer " + server.adminToken())
                // a publisher of unknown length makes the client send Transfer-Encoding: chunked
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(
                        java.util.Collections.nCopies(80, chunk))))
                .build();
        assertProblem(api.send(request), 413, "payload-too-large");
    }

    @Test
    void unexpected_failures_become_internal_without_details() {
        var p = Problems.toProblem(new IllegalStateException("SELECT secret FROM tokens"));
        assertThat(p.type()).isEqualTo(ProblemType.INTERNAL);
        assertThat(p.detail()).doesNotContain("secret").contains("reference");
    }

    @Test
    void rate_limit_is_429_with_retry_after() {
        try (TestServer limited = server.startAnother(c -> c.set("limits.requests_per_second", 1).set("limits.burst", 2))) {
            Http a = limited.admin();
            assertThat(a.get("/v1/sessions").status()).isEqualTo(200);
            assertThat(a.get("/v1/sessions").status()).isEqualTo(200);
            Response r = a.get("/v1/sessions");
            assertProblem(r, 429, "rate-limited");
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(limited.anonymous().get("/healthz").status()).as("operations are not rate limited").isEqualTo(200);
        }
    }

    @Test
    void a_closed_store_makes_readyz_and_writes_503_unavailable() {
        try (TestServer closing = server.startAnother(c -> c)) {
            Http a = closing.admin();
            assertThat(closing.anonymous().get("/readyz").status()).isEqualTo(200);
            closing.server().database().close();
            assertProblem(closing.anonymous().get("/readyz"), 503, "unavailable");
            Response write = a.post("/v1/sessions", Map.of("key", "after-close"));
            assertProblem(write, 503, "unavailable");
            assertThat(write.header("Retry-After")).isEqualTo("1");
        }
    }
}
