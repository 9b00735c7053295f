package dev.switchboard.mcp;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The grants matrix through MCP: a token granted one channel sees only that channel's sessions through every tool and
 * resource (the others are not-found, never forbidden: their existence is not revealed), and read-only tokens (a token
 * with only read scopes, and a stream token) can't append, send, abort, post or ack.
 */
@EachStore
@SuppressWarnings("unchecked")
class McpGrantsTest {
    private static final List<String> ALL_BUT_ADMIN = List.of("sessions:read", "sessions:write", "transcripts:read",
            "transcripts:write", "runs:write", "directives:write");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static McpClients.Connected telegramOnly;
    static String mine;
    static String theirs;
    static String theirRun;
    static String theirDirective;

    @BeforeEachStore
    static void setUp() {
        mine = dm("telegram", "101");
        theirs = dm("slack", "202");
        var admin = server.admin();
        theirRun = admin.post("/v1/sessions/" + seg(theirs) + "/runs", Map.of("input", "hi")).json().path("id").asText();
        theirDirective = admin.post("/v1/directives", Map.of("session_key", theirs, "content", "psst", "tags", List.of("t")))
                .json().path("id").asText();
        telegramOnly = McpClients.http(server.url(), server.token("telegram-only", ALL_BUT_ADMIN,
                Map.of("channels", List.of("telegram"))));
    }

    @AfterEachStore
    static void tearDown() {
        telegramOnly.close();
    }

    static String dm(String platform, String chat) {
        var r = server.admin().post("/v1/sessions", Map.of("source",
                Map.of("platform", platform, "chat_type", "dm", "chat_id", chat, "user_id", chat)));
        String key = r.json().path("key").asText();
        server.admin().post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", "grantword " + platform));
        return key;
    }

    @Test
    void a_channel_token_lists_and_finds_only_its_channels_sessions() {
        var listed = (List<Map<String, Object>>) telegramOnly.ok("list_sessions", Map.of()).get("items");
        assertThat(listed).extracting(s -> s.get("channel")).containsOnly("telegram");
        assertThat(listed).extracting(s -> s.get("key")).contains(mine).doesNotContain(theirs);
        var hits = (List<Map<String, Object>>) telegramOnly.ok("search_transcripts", Map.of("q", "grantword")).get("items");
        assertThat(hits).extracting(h -> h.get("key")).containsOnly(mine);
        assertThat(telegramOnly.ok("get_session", Map.of("key", mine))).containsEntry("key", mine);
        assertThat((List<?>) telegramOnly.ok("read_transcript", Map.of("key", mine)).get("items")).hasSize(1);
    }

    @Test
    void every_tool_answers_not_found_for_a_session_outside_the_grants() {
        var calls = Map.<String, Map<String, Object>>of(
                "get_session", Map.of("key", theirs),
                "read_transcript", Map.of("key", theirs),
                "append_message", Map.of("key", theirs, "role", "user", "content", "x"),
                "send_message", Map.of("key", theirs, "input", "x"),
                "heartbeat", Map.of("key", theirs),
                "list_directives", Map.of("key", theirs),
                "post_directive", Map.of("session_key", theirs, "content", "x", "tags", List.of("t")),
                "get_run", Map.of("id", theirRun),
                "abort_run", Map.of("id", theirRun),
                "ack_directive", Map.of("id", theirDirective));
        calls.forEach((tool, args) -> assertThat(telegramOnly.error(tool, args)).as(tool).startsWith("not-found:"));
        assertThat(server.admin().get("/v1/sessions/" + seg(theirs) + "/messages").json().path("items").findValuesAsText("content"))
                .doesNotContain("x");
    }

    @Test
    void resources_outside_the_grants_are_neither_listed_nor_readable_nor_subscribable() {
        var uris = telegramOnly.client().listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        assertThat(uris).contains(SessionUris.session(mine), SessionUris.transcript(mine))
                .noneMatch(u -> u.contains("slack"));
        for (String uri : List.of(SessionUris.session(theirs), SessionUris.transcript(theirs))) {
            assertThatThrownBy(() -> telegramOnly.client().readResource(new McpSchema.ReadResourceRequest(uri)))
                    .as(uri).isInstanceOf(McpError.class).hasMessageContaining("resource not found");
            assertThatThrownBy(() -> telegramOnly.client().subscribeResource(new McpSchema.SubscribeRequest(uri)))
                    .as(uri).isInstanceOf(McpError.class).hasMessageContaining("resource not found");
        }
    }

    @Test
    void a_read_only_token_can_read_but_not_append_send_abort_post_or_ack() {
        try (var readOnly = McpClients.http(server.url(), server.token("reader",
                List.of("sessions:read", "transcripts:read"), Map.of()))) {
            assertThat(readOnly.ok("get_session", Map.of("key", mine))).containsEntry("key", mine);
            assertWritesRefused(readOnly, "forbidden: this token lacks the");
        }
    }

    @Test
    void a_stream_token_may_only_call_read_only_tools() {
        String stream = server.admin().post("/v1/stream-tokens", Map.of()).json().path("token").asText();
        try (var streamClient = McpClients.http(server.url(), stream)) {
            assertThat((List<?>) streamClient.ok("read_transcript", Map.of("key", mine)).get("items")).hasSize(1);
            assertWritesRefused(streamClient, "forbidden: a stream token may only call read-only tools");
        }
    }

    private static void assertWritesRefused(McpClients.Connected client, String problem) {
        var writes = Map.<String, Map<String, Object>>of(
                "append_message", Map.of("key", mine, "role", "user", "content", "x"),
                "send_message", Map.of("key", mine, "input", "x"),
                "abort_run", Map.of("id", theirRun),
                "post_directive", Map.of("session_key", mine, "content", "x", "tags", List.of("t")),
                "ack_directive", Map.of("id", theirDirective));
        writes.forEach((tool, args) -> assertThat(client.error(tool, args)).as(tool).startsWith(problem));
        assertThat(server.admin().get("/v1/sessions/" + seg(mine) + "/messages").json().path("items")).hasSize(1);
    }
}
