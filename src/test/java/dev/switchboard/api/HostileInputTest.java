package dev.switchboard.api;

import static dev.switchboard.api.ProblemsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile JSON (issue 18, "Hostile input"): explicit nulls where a value is required, nesting beyond
 * {@code limits.max_json_depth}, lone UTF-16 surrogates and numbers a double can't hold. Each is a 4xx problem that
 * names the field, on REST and WebSocket alike, and nothing is stored in an altered form.
 */
@EachStore
class HostileInputTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", "h"));
    }

    static void assertFieldError(Response r, String field) {
        assertProblem(r, 422, "validation");
        assertThat(r.json().path("errors").findValuesAsText("field")).contains(field);
    }

    @Test
    void explicit_null_for_a_required_value_is_a_422_naming_the_field() {
        assertFieldError(api.post("/v1/sessions/resolve", "{\"source\":null}"), "source");
        assertFieldError(api.post("/v1/sessions/resolve",
                "{\"source\":{\"platform\":\"telegram\",\"chat_type\":null,\"chat_id\":\"1\"}}"), "source.chat_type");
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"role\":null,\"content\":\"x\"}"), "role");
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"messages\":null}"), "messages");
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"messages\":[{\"role\":null,\"content\":\"x\"}]}"), "messages[0].role");
        assertFieldError(api.post("/v1/sessions/preview", "{\"keys\":null}"), "keys");
        assertFieldError(api.put("/v1/agents/x", "{\"adapter\":null}"), "adapter");
        assertFieldError(api.put("/v1/agents/x", "{\"adapter\":\"process\",\"command\":null}"), "command");
        assertFieldError(api.post("/v1/tokens", "{\"name\":\"n\",\"scopes\":null}"), "scopes");
        assertFieldError(api.post("/v1/sessions/h/compact", "{\"strategy\":null}"), "strategy"); // found by ApiFuzzTest
        assertThat(api.get("/v1/sessions/h/messages").json().path("items")).isEmpty();
    }

    @Test
    void a_wrong_json_type_for_a_required_value_is_a_422_naming_the_field() {
        assertFieldError(api.post("/v1/sessions/resolve", "{\"source\":[]}"), "source");
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"role\":7,\"content\":\"x\"}"), "role");
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"messages\":{}}"), "messages");
        assertFieldError(api.post("/v1/sessions/preview", "{\"keys\":\"h\"}"), "keys");
        assertFieldError(api.put("/v1/agents/x", "{\"adapter\":true}"), "adapter");
        assertFieldError(api.post("/v1/tokens", "{\"name\":\"n\",\"scopes\":{\"a\":1}}"), "scopes");
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    @Test
    void nesting_deeper_than_max_json_depth_is_refused_at_the_door_and_lists_keep_working() {
        // {"key": ..., "metadata": {"a": <arrays>}}: the body and metadata objects are two levels of the 64.
        assertThat(api.post("/v1/sessions", "{\"key\":\"deep-ok\",\"metadata\":{\"a\":" + nested(62) + "}}").status())
                .isEqualTo(201);
        Response tooDeep = api.post("/v1/sessions", "{\"key\":\"deep\",\"metadata\":{\"a\":" + nested(63) + "}}");
        assertFieldError(tooDeep, "(body)");
        assertThat(tooDeep.json().path("detail").asText()).contains("limits.max_json_depth");
        assertFieldError(api.put("/v1/sessions/h/plugins/p/n", nested(1_000)), "(body)");
        assertProblem(api.get("/v1/sessions/deep"), 404, "not-found");
        assertThat(api.get("/v1/sessions?limit=500").status()).isEqualTo(200);
    }

    @Test
    void a_deep_value_stored_by_an_earlier_build_still_reads_over_rest_and_websocket() {
        api.post("/v1/sessions", Map.of("key", "legacy-deep"));
        // What the door let through before it had a limit: Jackson's default read depth of 1000.
        server.db().execute("UPDATE sessions SET metadata = ? WHERE key = 'legacy-deep'", "{\"a\":" + nested(998) + "}");
        assertThat(api.get("/v1/sessions?limit=500").status()).isEqualTo(200);
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            JsonNode reply = ws.call("sessions.list", Map.of("limit", 500));
            assertThat(reply.has("result")).as("reply %s", reply).isTrue();
            assertThat(ws.result("sessions.get", Map.of("key", "h")).path("key").asText()).isEqualTo("h");
        }
    }

    @Test
    void a_deep_websocket_frame_is_an_error_frame_and_the_socket_stays_open() {
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            ws.sendRaw("{\"id\":1,\"method\":\"sessions.patch\",\"params\":{\"key\":\"h\",\"metadata\":{\"a\":" + nested(200) + "}}}");
            JsonNode reply = ws.nextReply(Duration.ofSeconds(10));
            assertThat(reply.path("id").asLong()).as("refused as a whole, still answered to its id").isEqualTo(1);
            assertThat(reply.path("error").path("type").asText()).isEqualTo("urn:switchboard:problem:validation");
            assertThat(reply.path("error").path("detail").asText()).contains("limits.max_json_depth").doesNotContain("Exception");
            assertThat(ws.result("sessions.get", Map.of("key", "h")).path("metadata").path("a").isMissingNode()).isTrue();
        }
    }

    @Test
    void a_lone_surrogate_is_refused_with_422_and_nothing_is_stored() {
        assertFieldError(api.post("/v1/sessions/h/messages", "{\"role\":\"user\",\"content\":\"a\\ud800b\"}"), "content");
        assertFieldError(api.post("/v1/sessions", "{\"key\":\"s\",\"metadata\":{\"x\":[\"ok\",\"\\udc00\"]}}"), "metadata.x[1]");
        // In a member name Jackson itself refuses it, as malformed JSON.
        assertProblem(api.post("/v1/sessions", "{\"key\":\"s\",\"metadata\":{\"\\ud800\":1}}"), 400, "bad-request");
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            // Escaped in the JSON text: the client can't even encode the raw character into a text frame.
            ws.sendRaw("{\"id\":7,\"method\":\"messages.append\",\"params\":{\"key\":\"h\",\"role\":\"user\",\"content\":\"a\\ud800b\"}}");
            JsonNode reply = ws.reply(7);
            assertThat(reply.path("error").path("errors").findValuesAsText("field")).containsExactly("content");
        }
        assertThat(api.get("/v1/sessions/h/messages").json().path("items")).isEmpty();
        assertProblem(api.get("/v1/sessions/s"), 404, "not-found");
    }

    @Test
    void surrogate_pairs_and_other_unicode_are_kept_exactly() {
        String text = "emoji \uD83D\uDE00, nul \u0000, bidi \u202E, combining e\u0301, BOM \uFEFF, max \uDBFF\uDFFF";
        api.post("/v1/sessions", Map.of("key", "unicode"));
        assertThat(api.post("/v1/sessions/unicode/messages", Map.of("role", "user", "content", text)).status()).isEqualTo(201);
        assertThat(api.get("/v1/sessions/unicode/messages").json().path("items").get(0).path("content").asText()).isEqualTo(text);
    }

    @Test
    void nul_in_a_name_key_or_title_is_a_422_on_both_stores_and_nothing_is_stored() {
        // PostgreSQL text can't hold U+0000 (found by ApiFuzzTest: a 500 there, stored as given on SQLite)
        assertFieldError(api.post("/v1/sessions", "{\"key\":\"nul\",\"title\":\"a\\u0000b\"}"), "title");
        assertFieldError(api.post("/v1/sessions/h/end", "{\"reason\":\"\\u0000\"}"), "reason");
        assertProblem(api.get("/v1/sessions?channel=%00"), 422, "validation");
        assertProblem(api.get("/v1/sessions/nul"), 404, "not-found");
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            ws.sendRaw("{\"id\":8,\"method\":\"sessions.get\",\"params\":{\"key\":\"a\\u0000\"}}");
            assertThat(ws.reply(8).path("error").path("errors").findValuesAsText("field")).containsExactly("key");
        }
        assertThat(api.get("/v1/sessions/h").json().path("status").asText()).isNotEqualTo("ended");
    }

    @Test
    void a_message_holding_nul_is_kept_and_indexing_goes_on_past_it() {
        api.post("/v1/sessions", Map.of("key", "nul-search"));
        api.post("/v1/sessions/nul-search/messages", Map.of("role", "user", "content", "quokka\u0000here"));
        api.post("/v1/sessions/nul-search/messages", Map.of("role", "user", "content", "wombat after it"));
        // the search indexer catches up on demand: a message it could not index would fail every search after it
        Response r = api.get("/v1/search?q=wombat&session=nul-search");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("items")).hasSize(1);
        assertThat(api.get("/v1/search?q=quokka&session=nul-search").json().path("items")).hasSize(1);
    }

    @Test
    void invalid_utf8_bytes_in_a_body_are_refused() {
        byte[] cesu = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] garbage = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xFF, '"', '}'};
        for (byte[] body : new byte[][] {cesu, garbage}) {
            Response r = api.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/sessions"))
                    .header("Authorization", "Bearer " + server.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertThat(r.status()).as(r.body()).isIn(400, 422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void numbers_keep_their_exact_value() {
        String metadata = "{\"price\":1.10,\"precise\":0.10000000000000000001,\"huge\":1e400,\"big\":123456789012345678901234567890}";
        assertThat(api.post("/v1/sessions", "{\"key\":\"numbers\",\"metadata\":" + metadata + "}").status()).isEqualTo(201);
        String read = api.get("/v1/sessions/numbers").body();
        assertThat(read).contains("\"price\":1.10", "\"precise\":0.10000000000000000001", "\"huge\":1E+400",
                "\"big\":123456789012345678901234567890");
    }
}
