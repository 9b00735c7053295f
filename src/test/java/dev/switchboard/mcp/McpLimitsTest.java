package dev.switchboard.mcp;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tool outputs stay within {@code [mcp] max_output_chars} and continue by cursor; tool calls are rate- and size-limited. */
@EachStore
@SuppressWarnings("unchecked")
class McpLimitsTest {
    private static final int MAX_OUTPUT = 4_000;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("mcp.max_output_chars", MAX_OUTPUT));

    /** A client per test: each test here reads a different limit, none depends on another's session. */
    static McpClients.Connected admin() {
        return McpClients.http(server.url(), server.adminToken());
    }

    static String sessionWith(String key, int messages, int chars) {
        server.admin().post("/v1/sessions", Map.of("key", key));
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 1; i <= messages; i++) batch.add(Map.of("role", "user", "content", ("m" + i + " ").repeat(chars / 4)));
        assertThat(server.admin().post("/v1/sessions/" + seg(key) + "/messages", Map.of("messages", batch)).status()).isEqualTo(201);
        return key;
    }

    @Test
    void a_page_over_the_bound_comes_back_shorter_and_the_cursor_reads_the_rest_without_gaps() {
        String key = sessionWith("bounded", 30, 300);
        try (var mcp = admin()) {
            readAll(mcp, key);
        }
    }

    private static void readAll(McpClients.Connected mcp, String key) {
        var seqs = new ArrayList<Integer>();
        Object cursor = null;
        int pages = 0;
        do {
            var args = cursor == null ? Map.<String, Object>of("key", key, "limit", 50) : Map.of("key", key, "limit", 50, "cursor", cursor);
            var r = mcp.call("read_transcript", args);
            assertThat(r.isError()).as(McpClients.text(r)).isFalse();
            assertThat(McpClients.text(r).length()).isLessThanOrEqualTo(MAX_OUTPUT);
            var page = (Map<String, Object>) r.structuredContent();
            ((List<Map<String, Object>>) page.get("items")).forEach(m -> seqs.add((Integer) m.get("seq")));
            cursor = page.get("next_cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isGreaterThan(2);
        assertThat(seqs).hasSize(30).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_null_limit_reads_as_the_default_and_the_page_still_shrinks_to_the_bound() {
        String key = sessionWith("bounded-null-limit", 30, 300);
        var args = new java.util.HashMap<String, Object>(Map.of("key", key));
        args.put("limit", null);
        McpSchema.CallToolResult r;
        try (var mcp = admin()) {
            r = mcp.call("read_transcript", args);
        }
        assertThat(r.isError()).as(McpClients.text(r)).isFalse();
        var page = (Map<String, Object>) r.structuredContent();
        assertThat((List<?>) page.get("items")).isNotEmpty().hasSizeLessThan(30);
        assertThat(page.get("next_cursor")).isNotNull();
    }

    @Test
    void one_message_over_the_bound_is_a_payload_too_large_problem_not_a_cut() {
        String key = sessionWith("one-huge", 1, MAX_OUTPUT * 2);
        try (var mcp = admin()) {
            assertThat(mcp.error("read_transcript", Map.of("key", key)))
                .startsWith("payload-too-large: this answer is").contains("max_output_chars (" + MAX_OUTPUT + ")")
                    .contains("can't be split further");
        }
    }

    @Test
    void tool_calls_spend_the_tokens_request_budget_and_oversized_requests_are_refused() {
        try (TestServer limited = server.startAnother(c -> c.set("limits.requests_per_second", 1).set("limits.burst", 2)
                .set("limits.max_body_bytes", 2048));
             var client = McpClients.http(limited.url(), limited.adminToken())) {
            var outcomes = new ArrayList<String>();
            for (int i = 0; i < 5; i++) outcomes.add(McpClients.text(client.call("list_sessions", Map.of())));
            // A burst of 2 refilled at 1/s: five calls in well under a second can't all pass.
            assertThat(outcomes).first().asString().doesNotStartWith("rate-limited");
            assertThat(outcomes).anyMatch(o -> o.startsWith("rate-limited: this token is limited to"));
            // A request over limits.max_body_bytes is refused by the transport (413) before any tool runs.
            assertThatThrownBy(() -> client.call("append_message", Map.of("key", "k", "role", "user", "content", "x".repeat(3000))))
                    .hasMessageContaining("413");
        }
    }

    @Test
    void tool_arguments_nesting_deeper_than_max_json_depth_are_refused_before_the_tool_runs() {
        server.admin().post("/v1/sessions", Map.of("key", "mcp-deep"));
        Object deep = "leaf";
        for (int i = 0; i < 70; i++) deep = List.of(deep);
        try (var mcp = admin()) {
            assertThat(mcp.error("append_message", Map.of("key", "mcp-deep", "role", "user", "content", "x",
                    "metadata", Map.of("a", deep))))
                    .startsWith("validation: ").contains("limits.max_json_depth");
        }
        assertThat(server.admin().get("/v1/sessions/mcp-deep/messages").json().path("items")).isEmpty();
    }
}
