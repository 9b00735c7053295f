package dev.switchboard.search;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class SearchTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static final String TG = "agent:main:telegram:dm:s1";
    static final String DC = "agent:coder:discord:dm:s2";

    @BeforeEachStore
    static void start() {
        api = server.admin();
        api.post("/v1/sessions", Map.of("key", TG));
        api.post("/v1/sessions", Map.of("key", DC));
        say(TG, "user", "I saw an otter by the river");
        say(TG, "assistant", "otter otter otter: the otter is an otter");
        say(DC, "user", "do otters eat fish? I don't know");
        say(DC, "assistant", List.of(Map.of("type", "thinking", "thinking", "zebrafish reasoning"),
                Map.of("type", "tool_use", "id", "t", "name", "WebSearch", "input", Map.of("q", "otter diet"))));
        for (int i = 0; i < 5; i++) say(DC, "user", "pagination beaver " + i);
    }


    static void say(String key, String role, Object content) {
        Response r = api.post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", role, "content", content));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static JsonNode items(Http client, String query) {
        Response r = client.get("/v1/search?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("items");
    }

    @Test
    void the_most_relevant_message_comes_first() {
        JsonNode hits = items(api, "q=otter");
        assertThat(hits).hasSize(2); // "otters" is another word for unicode61 (no stemming)
        assertThat(hits.get(0).path("seq").asLong()).isEqualTo(2);
        assertThat(hits.get(0).path("key").asText()).isEqualTo(TG);
        assertThat(hits.get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(hits.get(0).path("instance").asText()).hasSize(26);
        assertThat(hits.get(0).path("created_at").asText()).endsWith("Z");
    }

    @Test
    void snippets_mark_the_matches() {
        JsonNode hit = items(api, "q=river").get(0);
        assertThat(hit.path("snippet").asText()).isEqualTo("I saw an otter by the **river**");
    }

    @Test
    void fts_syntax_works_prefix_phrase_and_or() {
        assertThat(items(api, "q=otter*")).hasSize(3);
        assertThat(items(api, "q=%22by+the+river%22")).hasSize(1);
        assertThat(items(api, "q=river+OR+fish")).hasSize(2);
    }

    @Test
    void tool_names_are_found_and_thinking_is_not() {
        assertThat(items(api, "q=WebSearch")).hasSize(1);
        assertThat(items(api, "q=zebrafish")).isEmpty();
    }

    @Test
    void filters_narrow_by_channel_agent_session_and_role() {
        assertThat(items(api, "q=otter*&channel=discord")).hasSize(1);
        assertThat(items(api, "q=otter*&agent=main")).hasSize(2);
        assertThat(items(api, "q=otter*&session=" + seg(DC))).hasSize(1);
        assertThat(items(api, "q=otter*&role=assistant")).hasSize(1);
        assertThat(api.get("/v1/search?q=otter&role=robot").status()).isEqualTo(422);
    }

    @Test
    void grants_apply_in_the_query_itself() {
        Http discord = server.client("discord", List.of("transcripts:read"), Map.of("channels", List.of("discord")));
        JsonNode hits = items(discord, "q=otter*");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("key").asText()).isEqualTo(DC);
        assertThat(items(discord, "q=river")).isEmpty();
        Http mainAgent = server.client("main-agent", List.of("transcripts:read"), Map.of("agents", List.of("main")));
        assertThat(items(mainAgent, "q=beaver")).isEmpty();
        Http noScope = server.client("sessions-only", List.of("sessions:read"), Map.of());
        assertThat(noScope.get("/v1/search?q=otter").status()).isEqualTo(403);
    }

    @Test
    void pages_cover_every_hit_once() {
        var seqs = new ArrayList<Long>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = api.get("/v1/search?q=beaver&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            r.json().path("items").forEach(h -> seqs.add(h.path("seq").asLong()));
            cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seqs).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void invalid_query_syntax_is_422_not_500() {
        for (String q : List.of("%22unterminated", "C%2B%2B", "don't", "foo-bar", "AND")) {
            Response r = api.get("/v1/search?q=" + q);
            assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(422);
            assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("q");
            assertThat(r.body()).doesNotContain("SELECT").doesNotContain("SQLITE");
        }
        assertThat(api.get("/v1/search").status()).isEqualTo(422);
    }

    @Test
    void plain_syntax_searches_the_words_as_written() {
        JsonNode hits = items(api, "q=don't&syntax=plain");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("key").asText()).isEqualTo(DC);
    }

    @Test
    void earlier_instances_stay_searchable_after_a_reset() {
        api.post("/v1/sessions", Map.of("key", "search-reset"));
        say("search-reset", "user", "the heron flew away");
        String old = api.get("/v1/sessions/search-reset").json().path("id").asText();
        api.post("/v1/sessions/search-reset/reset", Map.of());
        JsonNode hits = items(api, "q=heron");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("instance").asText()).isEqualTo(old);
    }
}
