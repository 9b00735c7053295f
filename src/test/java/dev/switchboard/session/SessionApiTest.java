package dev.switchboard.session;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class SessionApiTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }


    static Map<String, Object> dm(String chatId) {
        return Map.of("source", Map.of("platform", "telegram", "chat_type", "dm", "chat_id", chatId, "user_id", chatId,
                "user_name", "Ada"));
    }

    @Test
    void create_derives_key_from_source_and_returns_201_with_full_session() {
        Response r = api.post("/v1/sessions", dm("1001"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode s = r.json();
        assertThat(s.path("key").asText()).isEqualTo("agent:main:telegram:dm:1001");
        assertThat(s.path("agent").asText()).isEqualTo("main");
        assertThat(s.path("channel").asText()).isEqualTo("telegram");
        assertThat(s.path("status").asText()).isEqualTo("active");
        assertThat(s.path("version").asLong()).isEqualTo(1);
        assertThat(s.path("message_count").asLong()).isZero();
        assertThat(s.path("id").asText()).hasSize(26);
        assertThat(s.path("source").path("user_name").asText()).isEqualTo("Ada");
        assertThat(s.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(s.has("ended_at")).isTrue();
        assertThat(s.path("usage").path("cost_usd").asDouble()).isZero();
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void create_again_returns_existing_with_200_by_default() {
        Response first = api.post("/v1/sessions", dm("1002"));
        Response again = api.post("/v1/sessions", dm("1002"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
    }

    @Test
    void create_with_if_exists_error_conflicts() {
        api.post("/v1/sessions", Map.of("key", "explicit-conflict"));
        Response r = api.post("/v1/sessions", Map.of("key", "explicit-conflict", "if_exists", "error"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("conflict");
    }

    @Test
    void create_with_if_exists_revive_reactivates_an_ended_session() {
        api.post("/v1/sessions", Map.of("key", "revive-me"));
        api.post("/v1/sessions/revive-me/end", Map.of("reason", "done"));
        Response r = api.post("/v1/sessions", Map.of("key", "revive-me", "if_exists", "revive"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("active");
        assertThat(r.json().path("ended_at").isNull()).isTrue();
        assertThat(r.json().path("end_reason").isNull()).isTrue();
        assertThat(r.json().path("version").asLong()).isEqualTo(3);
    }

    @Test
    void create_without_key_or_source_gets_a_random_key() {
        Response a = api.post("/v1/sessions", Map.of("title", "scratch"));
        Response b = api.post("/v1/sessions", Map.of("title", "scratch"));
        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(a.json().path("key").asText()).startsWith("session:").isNotEqualTo(b.json().path("key").asText());
    }

    @Test
    void explicit_key_with_slash_is_addressable_with_percent_encoding() {
        api.post("/v1/sessions", Map.of("key", "proj/alpha:1"));
        Response r = api.get("/v1/sessions/" + seg("proj/alpha:1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("key").asText()).isEqualTo("proj/alpha:1");
    }

    @Test
    void explicit_key_agent_and_channel_come_from_a_routing_shaped_key() {
        Response r = api.post("/v1/sessions", Map.of("key", "agent:coder:slack:channel:C1"));
        assertThat(r.json().path("agent").asText()).isEqualTo("coder");
        assertThat(r.json().path("channel").asText()).isEqualTo("slack");
    }

    @Test
    void invalid_create_lists_every_bad_field() {
        Response r = api.post("/v1/sessions", Map.of("key", "bad key!", "agent", "no spaces", "if_exists", "maybe",
                "source", Map.of("platform", "Tele Gram")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.problem()).isEqualTo("validation");
        var fields = new HashSet<String>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).contains("key", "agent", "if_exists", "source.platform", "source.chat_type", "source.chat_id");
    }

    @Test
    void get_returns_etag_and_missing_is_404_problem() {
        api.post("/v1/sessions", Map.of("key", "get-me"));
        Response r = api.get("/v1/sessions/get-me");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
        Response missing = api.get("/v1/sessions/nope-nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problem()).isEqualTo("not-found");
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void patch_merges_metadata_and_sets_title_and_bumps_version() {
        api.post("/v1/sessions", Map.of("key", "patch-me", "metadata", Map.of("a", 1, "nested", Map.of("x", 1, "y", 2))));
        var patch = new java.util.HashMap<String, Object>();
        patch.put("title", "Hello");
        patch.put("metadata", Map.of("b", 2, "nested", Map.of("y", 3)));
        Response r = api.patch("/v1/sessions/patch-me", patch, "Content-Type", "application/merge-patch+json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("title").asText()).isEqualTo("Hello");
        assertThat(s.path("metadata")).isEqualTo(json("{\"a\":1,\"nested\":{\"x\":1,\"y\":3},\"b\":2}"));
        assertThat(s.path("version").asLong()).isEqualTo(2);
        assertThat(r.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void patch_null_removes_a_metadata_key_and_clears_title() {
        api.post("/v1/sessions", Map.of("key", "patch-null", "title", "t", "metadata", Map.of("a", 1, "b", 2)));
        var metadata = new java.util.HashMap<String, Object>();
        metadata.put("a", null);
        var patch = new java.util.HashMap<String, Object>();
        patch.put("metadata", metadata);
        patch.put("title", null);
        JsonNode s = api.patch("/v1/sessions/patch-null", patch).json();
        assertThat(s.path("metadata").toString()).isEqualTo("{\"b\":2}");
        assertThat(s.path("title").isNull()).isTrue();
    }

    @Test
    void patch_with_stale_if_match_is_412_and_changes_nothing() {
        api.post("/v1/sessions", Map.of("key", "patch-412"));
        api.patch("/v1/sessions/patch-412", Map.of("title", "v2"), "If-Match", "\"1\"");
        Response stale = api.patch("/v1/sessions/patch-412", Map.of("title", "v3"), "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.problem()).isEqualTo("precondition-failed");
        assertThat(api.get("/v1/sessions/patch-412").json().path("title").asText()).isEqualTo("v2");
    }

    @Test
    void patch_rejects_fields_that_are_not_patchable() {
        api.post("/v1/sessions", Map.of("key", "patch-422"));
        Response r = api.patch("/v1/sessions/patch-422", Map.of("status", "ended"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("status");
    }

    @Test
    void noop_patch_does_not_bump_version() {
        api.post("/v1/sessions", Map.of("key", "patch-noop", "title", "same"));
        Response r = api.patch("/v1/sessions/patch-noop", Map.of("title", "same"));
        assertThat(r.json().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void heartbeat_keeps_absent_fields_and_updates_last_seen() throws Exception {
        JsonNode created = api.post("/v1/sessions", Map.of("key", "hb", "title", "keep me", "model", "m1",
                "metadata", Map.of("k", "v"))).json();
        // last_seen_at has millisecond resolution: wait until the clock has moved past the creation's millisecond
        var createdAt = Instant.parse(created.path("last_seen_at").asText());
        await().until(() -> Instant.now().isAfter(createdAt.plusMillis(1)));
        JsonNode s = api.post("/v1/sessions/hb/heartbeat", Map.of()).json();
        assertThat(s.path("title").asText()).isEqualTo("keep me");
        assertThat(s.path("model").asText()).isEqualTo("m1");
        assertThat(s.path("metadata").path("k").asText()).isEqualTo("v");
        assertThat(s.path("last_seen_at").asText()).isGreaterThan(created.path("last_seen_at").asText());
        assertThat(s.path("version").asLong()).as("a heartbeat that changes nothing else keeps the version").isEqualTo(1);
        assertThat(api.get("/v1/sessions/hb").json().path("last_seen_at").asText()).isEqualTo(s.path("last_seen_at").asText());
        JsonNode idle = api.post("/v1/sessions/hb/heartbeat", Map.of("status", "idle", "model", "m2")).json();
        assertThat(idle.path("status").asText()).isEqualTo("idle");
        assertThat(idle.path("model").asText()).isEqualTo("m2");
        assertThat(idle.path("title").asText()).isEqualTo("keep me");
        assertThat(idle.path("version").asLong()).as("a heartbeat changing the model is a change").isEqualTo(2);
    }

    @Test
    void heartbeats_never_fail_a_clients_if_match_and_emit_a_compact_event() {
        api.post("/v1/sessions", Map.of("key", "hb-ifmatch"));
        var seen = new java.util.concurrent.CopyOnWriteArrayList<dev.switchboard.event.Event>();
        try (var sub = server.server().events().hub().subscribe(seen::add)) {
            for (int i = 0; i < 3; i++) {
                assertThat(api.post("/v1/sessions/hb-ifmatch/heartbeat", Map.of("status", i == 1 ? "idle" : "active"))
                        .status()).isEqualTo(200);
            }
            Response patched = api.patch("/v1/sessions/hb-ifmatch", Map.of("title", "mine"), "If-Match", "\"1\"");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            await().until(() -> seen.stream().filter(e -> "hb-ifmatch".equals(e.key())).count() >= 4);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        var beats = seen.stream().filter(e -> "hb-ifmatch".equals(e.key())
                && e.eventType() == dev.switchboard.event.EventType.SESSION_HEARTBEAT).toList();
        assertThat(beats).hasSize(3);
        JsonNode data = dev.switchboard.json.Json.readStored(beats.get(1).data());
        assertThat(data.path("status").asText()).isEqualTo("idle");
        assertThat(data.path("key").asText()).isEqualTo("hb-ifmatch");
        assertThat(data.has("last_seen_at")).isTrue();
        assertThat(data.size()).as("only liveness, not the whole session").isEqualTo(3);
        assertThat(seen).noneMatch(e -> "hb-ifmatch".equals(e.key())
                && e.eventType() == dev.switchboard.event.EventType.SESSION_UPDATED && e.data().contains("\"status\":\"idle\""));
    }

    @Test
    void heartbeat_without_body_works() {
        api.post("/v1/sessions", Map.of("key", "hb-empty"));
        assertThat(api.post("/v1/sessions/hb-empty/heartbeat", null).status()).isEqualTo(200);
    }

    @Test
    void heartbeat_on_ended_session_is_409_session_ended() {
        api.post("/v1/sessions", Map.of("key", "hb-ended"));
        api.post("/v1/sessions/hb-ended/end", Map.of());
        Response r = api.post("/v1/sessions/hb-ended/heartbeat", Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("session-ended");
    }

    @Test
    void end_is_idempotent() {
        api.post("/v1/sessions", Map.of("key", "end-twice"));
        JsonNode first = api.post("/v1/sessions/end-twice/end", Map.of("reason", "user_left")).json();
        JsonNode second = api.post("/v1/sessions/end-twice/end", Map.of("reason", "other")).json();
        assertThat(first.path("status").asText()).isEqualTo("ended");
        assertThat(first.path("end_reason").asText()).isEqualTo("user_left");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void list_filters_by_status_channel_agent_user_and_query() {
        api.post("/v1/sessions", Map.of("agent", "lister", "title", "Findable Alpha",
                "source", Map.of("platform", "discord", "chat_type", "group", "chat_id", "g1", "user_id", "u-list")));
        api.post("/v1/sessions", Map.of("agent", "lister", "key", "lister-ended"));
        api.post("/v1/sessions/lister-ended/end", Map.of());

        assertThat(keys(api.get("/v1/sessions?agent=lister"))).hasSize(2);
        assertThat(keys(api.get("/v1/sessions?agent=lister&status=ended"))).containsExactly("lister-ended");
        assertThat(keys(api.get("/v1/sessions?agent=lister&channel=discord")))
                .containsExactly("agent:lister:discord:group:g1:u-list");
        assertThat(keys(api.get("/v1/sessions?user_id=u-list"))).containsExactly("agent:lister:discord:group:g1:u-list");
        assertThat(keys(api.get("/v1/sessions?q=findable%20alpha"))).containsExactly("agent:lister:discord:group:g1:u-list");
    }

    @Test
    void list_paginates_with_cursor_without_gaps_or_repeats() {
        for (int i = 0; i < 23; i++) api.post("/v1/sessions", Map.of("key", "page-" + i, "agent", "pager"));
        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = api.get("/v1/sessions?agent=pager&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).isEqualTo(200);
            seen.addAll(keys(r));
            cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
    }

    @Test
    void list_orders_oldest_first_on_request() {
        for (int i = 0; i < 3; i++) api.post("/v1/sessions", Map.of("key", "order-" + i, "agent", "orderer"));
        assertThat(keys(api.get("/v1/sessions?agent=orderer&order=created_asc"))).containsExactly("order-0", "order-1", "order-2");
        assertThat(keys(api.get("/v1/sessions?agent=orderer&order=created_desc"))).containsExactly("order-2", "order-1", "order-0");
    }

    @Test
    void list_rejects_bad_parameters_together() {
        Response r = api.get("/v1/sessions?limit=0&status=zombie&order=sideways&updated_after=yesterday&cursor=garbage");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors")).hasSize(4); // the cursor is only checked once the rest is valid
        Response cursor = api.get("/v1/sessions?cursor=garbage");
        assertThat(cursor.status()).isEqualTo(422);
        assertThat(cursor.json().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
    }

    @Test
    void metadata_over_the_limit_is_413() {
        Response r = api.post("/v1/sessions", Map.of("key", "fat-meta", "metadata", Map.of("blob", "x".repeat(70_000))));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.problem()).isEqualTo("payload-too-large");
        assertThat(api.get("/v1/sessions/fat-meta").status()).isEqualTo(404);
    }

    static List<String> keys(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var out = new ArrayList<String>();
        r.json().path("items").forEach(s -> out.add(s.path("key").asText()));
        return out;
    }

    static JsonNode json(String text) {
        try {
            return dev.switchboard.json.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
