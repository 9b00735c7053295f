package dev.switchboard.search;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The full-text index is built in bulk, off the append path, and a search still sees every earlier append. */
@EachStore
class SearchIndexerTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static RawDb db;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        db = server.db();
    }


    static void say(String key, String text) {
        assertThat(api.post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", text)).status())
                .isEqualTo(201);
    }

    static List<Long> hits(String q) {
        var seqs = new ArrayList<Long>();
        api.get("/v1/search?q=" + q).json().path("items").forEach(h -> seqs.add(h.path("seq").asLong()));
        return seqs;
    }

    @Test
    void appended_messages_are_indexed_in_the_background() {
        api.post("/v1/sessions", Map.of("key", "idx-bg"));
        say("idx-bg", "a walrus appears");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                db.fullTextMatches("walrus") == 1);
        assertThat(db.count("SELECT indexed_mid FROM search_index")).isEqualTo(db.count("SELECT max(mid) FROM messages"));
    }

    @Test
    void a_search_right_after_an_append_finds_it() {
        api.post("/v1/sessions", Map.of("key", "idx-now"));
        for (int i = 0; i < 3; i++) say("idx-now", "narwhal number " + i);
        assertThat(hits("narwhal")).hasSize(3);
    }

    @Test
    void a_backlog_larger_than_one_chunk_is_indexed_completely() {
        api.post("/v1/sessions", Map.of("key", "idx-bulk"));
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 1000; i++) batch.add(Map.of("role", "user", "content", "pangolin " + i));
        for (int b = 0; b < 5; b++) {
            assertThat(api.post("/v1/sessions/idx-bulk/messages", Map.of("messages", batch)).status()).isEqualTo(201);
        }
        server.server().searchIndexer().catchUp();
        assertThat(db.fullTextMatches("pangolin")).isEqualTo(5000);
    }

    @Test
    void a_message_replaced_after_an_undo_is_found_and_the_removed_one_is_not() {
        api.post("/v1/sessions", Map.of("key", "idx-undo"));
        say("idx-undo", "first capybara");
        say("idx-undo", "second capybara mistake");
        assertThat(hits("mistake")).containsExactly(2L); // indexed now
        assertThat(api.delete("/v1/sessions/idx-undo/messages?after_seq=1").status()).isEqualTo(200);
        say("idx-undo", "second capybara corrected");
        assertThat(hits("mistake")).isEmpty();
        assertThat(hits("corrected")).containsExactly(2L);
    }
}
