package dev.switchboard.archive;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delete to the archive, purge for erasure: nothing lost that should stay, nothing left that must go. */
@EachStore
class ArchiveTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("sessions.sweep_every", "1d"));
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        db = server.db();
    }


    /** A session with two instances (two messages, then a reset, then one more). Returns the instance ids. */
    static List<String> conversation(String key, String word) {
        var ids = new ArrayList<String>();
        ids.add(api.post("/v1/sessions", Map.of("key", key)).json().path("id").asText());
        append(key, Map.of("messages", List.of(Map.of("role", "user", "content", word + " first"),
                Map.of("role", "assistant", "content", word + " second"))));
        ids.add(api.post("/v1/sessions/" + seg(key) + "/reset", Map.of()).json().path("id").asText());
        append(key, Map.of("role", "user", "content", word + " third"));
        return ids;
    }

    static void append(String key, Object body, String... headers) {
        Response r = api.post("/v1/sessions/" + seg(key) + "/messages", body, headers);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void delete_moves_session_and_every_instance_to_the_archive() {
        List<String> ids = conversation("del-1", "walrus");
        Response d = api.delete("/v1/sessions/del-1");
        assertThat(d.status()).isEqualTo(204);
        assertThat(api.get("/v1/sessions/del-1").status()).isEqualTo(404);

        JsonNode entry = api.get("/v1/archive?key=del-1").json().path("items").get(0);
        assertThat(entry.path("kind").asText()).isEqualTo("session");
        assertThat(entry.path("message_count").asLong()).isEqualTo(3);
        assertThat(entry.path("session").path("key").asText()).isEqualTo("del-1");
        JsonNode full = api.get("/v1/archive/" + entry.path("id").asText()).json();
        assertThat(full.path("instances")).hasSize(2);
        JsonNode messages = api.get("/v1/archive/" + entry.path("id").asText() + "/messages").json().path("items");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("instance").asText()).isIn(ids);
        JsonNode second = api.get("/v1/archive/" + entry.path("id").asText() + "/messages?instance=" + ids.get(1)).json().path("items");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("content").asText()).isEqualTo("walrus third");
    }

    @Test
    void the_key_is_free_for_reuse_right_after_delete() {
        String oldId = api.post("/v1/sessions", Map.of("key", "del-reuse")).json().path("id").asText();
        api.delete("/v1/sessions/del-reuse");
        Response again = api.post("/v1/sessions", Map.of("key", "del-reuse"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().path("id").asText()).isNotEqualTo(oldId);
        assertThat(again.json().path("message_count").asLong()).isZero();
        assertThat(api.get("/v1/sessions/del-reuse/messages?instance=" + oldId).status()).isEqualTo(404);
    }

    @Test
    void deleted_messages_leave_the_search_index_but_stay_in_the_archive() {
        conversation("del-search", "narwhal");
        assertThat(api.get("/v1/search?q=narwhal").json().path("items")).isNotEmpty();
        api.delete("/v1/sessions/del-search");
        assertThat(api.get("/v1/search?q=narwhal").json().path("items")).isEmpty();
        assertThat(db.count("SELECT count(*) FROM archive_messages WHERE content LIKE '%narwhal%'")).isEqualTo(3);
    }

    @Test
    void delete_emits_session_deleted_with_the_archive_id() {
        api.post("/v1/sessions", Map.of("key", "del-event"));
        api.delete("/v1/sessions/del-event");
        var rows = db.rows("SELECT data FROM events WHERE key = 'del-event' AND type = 'session.deleted'");
        assertThat(rows).hasSize(1);
        assertThat((String) rows.getFirst().get("data")).contains("\"archive_id\"").contains("\"purged\":false");
    }

    @Test
    void delete_honours_if_match() {
        api.post("/v1/sessions", Map.of("key", "del-412"));
        api.patch("/v1/sessions/del-412", Map.of("title", "v2"));
        Response stale = api.delete("/v1/sessions/del-412", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(api.get("/v1/sessions/del-412").status()).isEqualTo(200);
        assertThat(api.delete("/v1/sessions/del-412", "If-Match", "\"2\"").status()).isEqualTo(204);
    }

    @Test
    void delete_during_an_active_run_is_409() {
        api.post("/v1/sessions", Map.of("key", "del-run"));
        db.insertRun("del-run-1", "del-run", "running");
        Response r = api.delete("/v1/sessions/del-run");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problem()).isEqualTo("run-active");
    }

    @Test
    void purge_erases_everything_of_the_key_and_keeps_event_seqs() {
        String key = "agent:main:telegram:dm:purge-me";
        api.post("/v1/sessions", Map.of("key", key), "Idempotency-Key", "create-purge-me");
        append(key, Map.of("role", "user", "content", "my secret platypus"), "Idempotency-Key", "append-purge-me");
        assertThat(api.get("/v1/search?q=secret").json().path("items")).hasSize(1); // indexed, so removing it is tested
        api.post("/v1/sessions/" + seg(key) + "/reset", Map.of());
        append(key, Map.of("role", "user", "content", "another platypus"));
        api.delete("/v1/sessions/" + seg(key) + "/messages?after_seq=0"); // an undo archive entry
        append(key, Map.of("role", "user", "content", "a third platypus"));
        api.delete("/v1/sessions/" + seg(key));                           // a session archive entry
        api.post("/v1/sessions", Map.of("key", key));                     // and the key in use again
        append(key, Map.of("role", "user", "content", "platypus returns"));
        db.execute("INSERT INTO runs (id, key, instance_id, agent, status, created_at) VALUES ('old-run', ?, 'x', 'main', 'succeeded', 0)", key);
        conversation("purge-bystander", "platypus"); // another session that must survive
        List<Long> seqsBefore = seqs();

        Http user = server.client("writer", List.of("sessions:write"), Map.of());
        assertThat(user.delete("/v1/sessions/" + seg(key) + "?purge=true").status()).isEqualTo(403);
        assertThat(api.delete("/v1/sessions/" + seg(key) + "?purge=true").status()).isEqualTo(204);

        assertThat(api.get("/v1/sessions/" + seg(key)).status()).isEqualTo(404);
        assertThat(db.count("SELECT count(*) FROM sessions WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM instances WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM messages WHERE content LIKE '%platypus%'")).isEqualTo(3); // bystander's
        assertThat(db.count("SELECT count(*) FROM archive WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM archive_messages WHERE content LIKE '%platypus%'")).isZero();
        assertThat(db.count("SELECT count(*) FROM runs WHERE key = ?", key)).isZero();
        assertThat(db.count("SELECT count(*) FROM idempotency WHERE key IN ('create-purge-me', 'append-purge-me')")).isZero();
        assertThat(db.fullTextMatches("secret")).isZero();
        JsonNode hits = api.get("/v1/search?q=platypus").json().path("items");
        assertThat(hits).hasSize(3);
        hits.forEach(h -> assertThat(h.path("key").asText()).isEqualTo("purge-bystander"));

        var events = db.rows("SELECT type, data FROM events WHERE key = ? ORDER BY seq", key);
        assertThat(events).isNotEmpty();
        events.forEach(e -> assertThat(e.get("data")).isEqualTo("{\"purged\":true}"));
        assertThat(events.getLast().get("type")).isEqualTo("session.deleted");
        List<Long> seqsAfter = seqs();
        assertThat(seqsAfter.subList(0, seqsBefore.size())).isEqualTo(seqsBefore); // no event row removed
        assertThat(seqsAfter).hasSize(seqsBefore.size() + 1);
        assertThat(db.count("SELECT count(*) FROM events WHERE data LIKE '%platypus%' AND key = ?", key)).isZero();
    }

    @Test
    void purge_works_on_a_key_that_only_the_archive_holds() {
        conversation("purge-archived", "quokka");
        api.delete("/v1/sessions/purge-archived");
        assertThat(api.delete("/v1/sessions/purge-archived?purge=true").status()).isEqualTo(204);
        assertThat(db.count("SELECT count(*) FROM archive WHERE key = 'purge-archived'")).isZero();
        assertThat(api.delete("/v1/sessions/purge-archived?purge=true").status()).isEqualTo(404);
    }

    @Test
    void archive_is_admin_only_and_paginates() {
        for (int i = 0; i < 3; i++) {
            api.post("/v1/sessions", Map.of("key", "page-del-" + i));
            api.delete("/v1/sessions/page-del-" + i);
        }
        Http reader = server.client("reader", List.of("sessions:read", "transcripts:read"), Map.of());
        assertThat(reader.get("/v1/archive").status()).isEqualTo(403);
        var keys = new ArrayList<String>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/archive?kind=session&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(e -> keys.add(e.path("key").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(keys).contains("page-del-0", "page-del-1", "page-del-2").doesNotHaveDuplicates();
        assertThat(api.get("/v1/archive/NOPE").status()).isEqualTo(404);
    }

    @Test
    void delete_outside_the_tokens_grants_is_404_like_a_missing_session() {
        api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:not-yours"));
        Http slack = server.client("slack", List.of("sessions:write", "transcripts:write"), Map.of("channels", List.of("slack")));
        Response r = slack.delete("/v1/sessions/agent:main:telegram:dm:not-yours");
        Response missing = slack.delete("/v1/sessions/agent:main:telegram:dm:no-such");
        assertThat(r.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(slack.delete("/v1/sessions/agent:main:telegram:dm:not-yours/messages?after_seq=0").status()).isEqualTo(404);
        assertThat(api.get("/v1/sessions/agent:main:telegram:dm:not-yours").status()).isEqualTo(200);
    }

    static List<Long> seqs() {
        return db.rows("SELECT seq FROM events ORDER BY seq").stream().map(r -> ((Number) r.get("seq")).longValue()).toList();
    }
}
