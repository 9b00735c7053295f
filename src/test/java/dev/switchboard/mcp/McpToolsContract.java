package dev.switchboard.mcp;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every transport of the MCP server must do, driven by the official Java SDK's client: initialize, tools/list,
 * each tool's happy path and an error path, resources list/read/subscribe with an update after an append. Run over
 * Streamable HTTP ({@link McpHttpTest}) and over stdio through {@code ./switchboard mcp} ({@link McpStdioIT}).
 */
@SuppressWarnings("unchecked")
abstract class McpToolsContract {
    /** The running server of the subclass's {@code @EachStore} run. */
    abstract ServerExtension server();

    /** A client connected (and initialized) as the admin token over the transport under test. */
    abstract McpClients.Connected mcp();

    String session(String key) {
        Response r = server().admin().post("/v1/sessions", Map.of("key", key, "title", "about " + key));
        assertThat(r.status()).isIn(200, 201);
        return key;
    }

    void append(String key, String... texts) {
        for (String t : texts) {
            assertThat(server().admin().post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", t))
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void initialize_names_the_server_and_offers_tools_and_subscribable_resources() {
        var init = mcp().client().getCurrentInitializationResult();
        assertThat(init.serverInfo().name()).isEqualTo("switchboard");
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.capabilities().resources().subscribe()).isTrue();
        assertThat(init.instructions()).contains("list_sessions");
    }

    @Test
    void tools_list_has_every_tool_with_a_description_and_input_and_output_schemas() {
        var tools = mcp().client().listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("list_sessions", "get_session",
                "read_transcript", "search_transcripts", "append_message", "send_message", "get_run", "abort_run",
                "post_directive", "list_directives", "ack_directive", "heartbeat");
        for (var t : tools) {
            assertThat(t.description()).as(t.name()).hasSizeGreaterThan(40);
            assertThat(t.inputSchema()).as(t.name()).containsEntry("type", "object");
            assertThat(t.outputSchema()).as(t.name()).containsEntry("type", "object");
            assertThat(t.annotations().readOnlyHint()).as(t.name()).isNotNull();
        }
        assertThat(tools).filteredOn(t -> t.name().equals("read_transcript")).first()
                .satisfies(t -> assertThat((Map<String, Object>) t.inputSchema().get("properties")).containsKeys("key", "instance", "after_seq",
                        "before_seq", "limit", "order", "cursor"));
    }

    @Test
    void list_sessions_filters_and_pages_with_a_cursor() {
        session("mcp-list-a");
        session("mcp-list-b");
        session("mcp-list-c");
        var first = mcp().ok("list_sessions", Map.of("q", "mcp-list-", "limit", 2));
        assertThat((List<?>) first.get("items")).hasSize(2);
        var rest = mcp().ok("list_sessions", Map.of("q", "mcp-list-", "limit", 2, "cursor", first.get("next_cursor")));
        assertThat((List<?>) rest.get("items")).hasSize(1);
        assertThat(rest.get("next_cursor")).isNull();
        assertThat(mcp().error("list_sessions", Map.of("status", "sleeping", "limit", 0)))
                .startsWith("validation: 2 fields are invalid").contains("- status: must be one of").contains("- limit:");
    }

    @Test
    void get_session_returns_the_session_and_a_text_line_and_unknown_is_not_found() {
        session("mcp-get");
        var r = mcp().call("get_session", Map.of("key", "mcp-get"));
        assertThat(r.isError()).isFalse();
        assertThat(((Map<?, ?>) r.structuredContent()).get("key")).isEqualTo("mcp-get");
        assertThat(McpClients.text(r)).startsWith("session mcp-get (active)").contains("title=\"about mcp-get\"");
        assertThat(mcp().error("get_session", Map.of("key", "mcp-nope"))).isEqualTo("not-found: session mcp-nope not found");
    }

    @Test
    void read_transcript_reads_windows_in_both_orders() {
        String key = session("mcp-read");
        append(key, "one", "two", "three", "four");
        var asc = mcp().call("read_transcript", Map.of("key", key, "after_seq", 1, "limit", 2));
        assertThat(McpClients.text(asc)).contains("#2 user: two\n#3 user: three").contains("cursor=");
        var desc = mcp().ok("read_transcript", Map.of("key", key, "order", "desc", "limit", 1));
        assertThat((List<Map<String, Object>>) desc.get("items")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("seq", 4).containsEntry("content", "four"));
        assertThat(mcp().error("read_transcript", Map.of("key", key, "order", "sideways", "colour", "red")))
                .contains("- colour: is not a recognised field here");
    }

    @Test
    void search_transcripts_finds_messages_and_requires_q() {
        String key = session("mcp-search");
        append(key, "the zebra crossing is closed");
        var hits = mcp().ok("search_transcripts", Map.of("q", "zebra"));
        assertThat((List<Map<String, Object>>) hits.get("items")).singleElement()
                .satisfies(h -> assertThat(h).containsEntry("key", key).containsEntry("seq", 1));
        assertThat(mcp().error("search_transcripts", Map.of("channel", "x"))).isEqualTo("validation: q: is required: what to search for\n- q: is required: what to search for");
    }

    @Test
    void append_message_appends_one_or_a_batch_and_names_bad_fields() {
        String key = session("mcp-append");
        var one = mcp().ok("append_message", Map.of("key", key, "role", "assistant", "content", "hi"));
        assertThat((List<Map<String, Object>>) one.get("items")).singleElement().satisfies(m -> assertThat(m).containsEntry("seq", 1));
        var batch = mcp().ok("append_message", Map.of("key", key, "messages",
                List.of(Map.of("role", "user", "content", "a"), Map.of("role", "user", "content", "b"))));
        assertThat((List<?>) batch.get("items")).hasSize(2);
        assertThat(server().admin().get("/v1/sessions/" + key + "/messages").json().path("items")).hasSize(3);
        assertThat(mcp().error("append_message", Map.of("key", key, "role", "robot"))).startsWith("validation:")
                .contains("- role:");
    }

    @Test
    void send_message_with_wait_returns_the_agents_answer() {
        String key = session("mcp-send");
        var r = mcp().ok("send_message", Map.of("key", key, "input", "echo me please", "wait_seconds", 30));
        assertThat((Map<String, Object>) r.get("run")).containsEntry("status", "succeeded");
        var answer = (Map<String, Object>) r.get("answer");
        assertThat((List<Map<String, Object>>) answer.get("items")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("role", "assistant").containsEntry("content", "echo me please"));
        var noWait = mcp().ok("send_message", Map.of("key", key, "input", "again"));
        assertThat(((Map<String, Object>) noWait.get("run")).get("status")).isIn("queued", "running", "succeeded");
        assertThat(noWait.get("answer")).isNull();
        assertThat(mcp().error("send_message", Map.of("key", key, "input", 5, "on_active", "panic")))
                .contains("- input:").contains("- on_active:");
    }

    @Test
    void get_run_and_abort_run_follow_a_run_and_unknown_runs_are_not_found() {
        String key = session("mcp-runs");
        var sent = mcp().ok("send_message", Map.of("key", key, "input", "hello", "wait_seconds", 30));
        String id = (String) ((Map<String, Object>) sent.get("run")).get("id");
        assertThat(mcp().ok("get_run", Map.of("id", id))).containsEntry("status", "succeeded").containsEntry("key", key);
        // Aborting an ended run is idempotent: it comes back unchanged.
        assertThat(mcp().ok("abort_run", Map.of("id", id, "reason", "late"))).containsEntry("status", "succeeded");
        assertThat(mcp().error("get_run", Map.of("id", "01NOPE"))).isEqualTo("not-found: run 01NOPE not found");
        assertThat(mcp().error("abort_run", Map.of())).contains("- id: is required");
    }

    @Test
    void directives_are_posted_listed_as_pending_and_acked() {
        String key = session("mcp-directives");
        var posted = mcp().ok("post_directive", Map.of("session_key", key, "content", "ship it", "tags", List.of("release")));
        String id = (String) posted.get("id");
        var pending = mcp().ok("list_directives", Map.of("key", key));
        assertThat((List<Map<String, Object>>) pending.get("items")).extracting(d -> d.get("id")).containsExactly(id);
        var acked = mcp().ok("ack_directive", Map.of("id", id, "result", Map.of("done", true)));
        assertThat(acked).containsEntry("status", "acked");
        assertThat((List<?>) mcp().ok("list_directives", Map.of("key", key)).get("items")).isEmpty();
        assertThat(mcp().error("post_directive", Map.of("content", "x"))).contains("- session_key:").contains("- tags:");
        assertThat(mcp().error("ack_directive", Map.of("id", "01NOPE"))).startsWith("not-found:");
        assertThat(mcp().error("list_directives", Map.of("key", "mcp-nope"))).startsWith("not-found:");
    }

    @Test
    void heartbeat_touches_the_session_and_an_ended_one_is_session_ended() {
        String key = session("mcp-heartbeat");
        var s = mcp().ok("heartbeat", Map.of("key", key, "title", "renamed"));
        assertThat(s).containsEntry("title", "renamed").containsEntry("status", "active");
        server().admin().post("/v1/sessions/" + key + "/end", Map.of());
        assertThat(mcp().error("heartbeat", Map.of("key", key))).startsWith("session-ended:");
    }

    @Test
    void resources_are_listed_read_and_their_updates_arrive_after_an_append() throws InterruptedException {
        String key = session("mcp-resources");
        append(key, "first words");
        var listed = mcp().client().listResources().resources();
        assertThat(listed).extracting(McpSchema.Resource::uri)
                .contains("switchboard://sessions/mcp-resources", "switchboard://sessions/mcp-resources/transcript");
        assertThat(mcp().client().listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactlyInAnyOrder("switchboard://sessions/{key}", "switchboard://sessions/{key}/transcript");
        String uri = "switchboard://sessions/mcp-resources/transcript";
        var read = mcp().client().readResource(new McpSchema.ReadResourceRequest(uri));
        assertThat(((McpSchema.TextResourceContents) read.contents().getFirst()).text()).contains("#1 user: first words");
        var session = mcp().client().readResource(new McpSchema.ReadResourceRequest("switchboard://sessions/mcp-resources"));
        assertThat(((McpSchema.TextResourceContents) session.contents().getFirst()).text()).contains("\"key\":\"mcp-resources\"");

        mcp().updates().clear();
        mcp().client().subscribeResource(new McpSchema.SubscribeRequest(uri));
        append(key, "second words");
        var update = mcp().updates().poll(30, TimeUnit.SECONDS);
        assertThat(update).as("notifications/resources/updated after the append").isNotNull();
        assertThat(((McpSchema.TextResourceContents) update.getFirst()).text()).contains("#2 user: second words");
        mcp().client().unsubscribeResource(new McpSchema.UnsubscribeRequest(uri));

        assertThatThrownBy(() -> mcp().client().readResource(new McpSchema.ReadResourceRequest("switchboard://sessions/mcp-nope")))
                .isInstanceOf(McpError.class).hasMessageContaining("resource not found");
    }
}
