package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The filtered lists' indexes hold only sessions that have the filtered field (V13): lists by channel, agent,
 * user, parent and pair still find exactly their sessions, newest first, beside sessions without the field, and
 * the planner still answers them from those indexes (no scan of every session, no sort).
 */
@EachStore
class SessionListIndexTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    /** Idempotent (creates return the existing session), so each test may call it. */
    private static void sessions() {
        Http api = server.admin();
        api.post("/v1/sessions", Map.of("key", "idx-bare"));
        api.post("/v1/sessions", Map.of("key", "idx-parent"));
        for (int i = 0; i < 3; i++) {
            api.post("/v1/sessions", Map.of("key", "idx-chat-" + i, "agent", "idx-agent",
                    "source", Map.of("platform", "idxchat", "chat_type", "dm", "chat_id", "c" + i,
                            "user_id", "idx-user-" + (i % 2)),
                    "parent_key", "idx-parent"));
        }
        // Activity reorders the list: the first one becomes the newest.
        api.post("/v1/sessions/idx-chat-0/messages", Map.of("role", "user", "content", "hello"));
    }

    private static List<String> keys(String query) {
        JsonNode page = server.admin().get("/v1/sessions?limit=50&" + query).json();
        var out = new ArrayList<String>();
        for (JsonNode s : page.path("items")) out.add(s.path("key").asText());
        return out;
    }

    @Test
    void filtered_lists_find_exactly_their_sessions_newest_first() {
        sessions();
        assertThat(keys("channel=idxchat")).containsExactly("idx-chat-0", "idx-chat-2", "idx-chat-1");
        assertThat(keys("agent=idx-agent")).containsExactly("idx-chat-0", "idx-chat-2", "idx-chat-1");
        assertThat(keys("user_id=idx-user-0")).containsExactly("idx-chat-0", "idx-chat-2");
        assertThat(keys("parent_key=idx-parent")).containsExactly("idx-chat-0", "idx-chat-2", "idx-chat-1");
        assertThat(keys("q=idx-")).contains("idx-bare", "idx-parent").hasSize(5);
    }

    @Test
    void sessions_without_the_field_are_not_in_its_index() {
        var db = server.db();
        String sql = db.store() == dev.switchboard.testing.TestStore.POSTGRESQL
                ? "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'sessions'"
                : "SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'";
        var defs = new java.util.HashMap<String, String>();
        for (var row : db.rows(sql)) defs.put((String) row.get("name"), (String) row.get("def"));
        for (var index : Map.of("sessions_by_channel", "channel", "sessions_by_agent", "agent", "sessions_by_user", "user_id",
                "sessions_by_parent", "parent_key", "sessions_by_pair", "pair_from").entrySet()) {
            assertThat(defs.get(index.getKey())).as(index.getKey())
                    .containsPattern("(?i)WHERE \\(?" + index.getValue() + " IS NOT NULL");
        }
    }

    @Test
    void filtered_lists_are_answered_from_their_partial_indexes() {
        // The list's own query shape (JdbcSessionStore.list): filter, then newest first with the key as tie-break.
        String order = " ORDER BY s.updated_at DESC, s.key DESC LIMIT 51";
        sessions();
        var db = server.db();
        // A pair is listed by both ends (pair_from = ? alone also uses the index, then sorts: the pair's few sessions).
        for (var filter : Map.of("s.channel = ?", "sessions_by_channel", "s.agent = ?", "sessions_by_agent",
                "s.user_id = ?", "sessions_by_user", "s.parent_key = ?", "sessions_by_parent",
                "s.pair_from = ? AND s.pair_to = ?", "sessions_by_pair").entrySet()) {
            Object[] params = filter.getKey().contains("pair") ? new Object[] {"x", "y"} : new Object[] {"x"};
            String plan = db.plan("SELECT s.key FROM sessions s WHERE " + filter.getKey() + order, params);
            assertThat(plan).as(filter.getKey()).contains(filter.getValue())
                    .doesNotContainIgnoringCase("temp b-tree").doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
        }
        assertThat(db.plan("SELECT s.channel, count(*) FROM sessions s WHERE s.channel IS NOT NULL GROUP BY s.channel"))
                .contains("sessions_by_channel");
    }
}
