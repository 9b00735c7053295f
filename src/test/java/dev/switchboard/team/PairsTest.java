package dev.switchboard.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pair sessions with {@code [teams]} configured: ordered pairs, known teams only, the to team's agent, filters. */
@EachStore
class PairsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(cfg -> cfg
            .set("teams.alpha.agent", "echo").set("teams.beta.agent", "helper").set("teams.gamma.agent", "echo"));

    private static Response pair(String from, String to) {
        return server.admin().post("/v1/pairs", Map.of("from", from, "to", to));
    }

    @Test
    void a_pair_is_ordered_and_created_once() {
        Response ab = pair("alpha", "beta");
        assertThat(ab.status()).as(ab.toString()).isEqualTo(201);
        assertThat(ab.json().path("key").asText()).isEqualTo("pair:alpha:beta");
        assertThat(ab.json().path("pair").path("from").asText()).isEqualTo("alpha");
        assertThat(ab.json().path("pair").path("to").asText()).isEqualTo("beta");
        assertThat(ab.json().path("agent").asText()).as("the to team's agent").isEqualTo("helper");
        assertThat(pair("alpha", "beta").status()).isEqualTo(200);
        Response ba = pair("beta", "alpha");
        assertThat(ba.status()).isEqualTo(201);
        assertThat(ba.json().path("key").asText()).isEqualTo("pair:beta:alpha");
        assertThat(ba.json().path("agent").asText()).isEqualTo("echo");
    }

    @Test
    void unknown_teams_are_named_in_the_422() {
        Response r = pair("alpha", "delta");
        assertThat(r.status()).isEqualTo(422);
        JsonNode error = r.json().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("to");
        assertThat(error.path("message").asText()).contains("delta");
        assertThat(pair("nobody", "alpha").json().path("errors").get(0).path("field").asText()).isEqualTo("from");
    }

    @Test
    void sessions_are_filtered_by_pair_from_and_pair_to() {
        pair("gamma", "alpha");
        pair("gamma", "beta");
        Http api = server.admin();
        assertThat(api.get("/v1/sessions?pair_from=gamma").json().path("items")).hasSize(2);
        JsonNode one = api.get("/v1/sessions?pair_from=gamma&pair_to=beta").json().path("items");
        assertThat(one).hasSize(1);
        assertThat(one.get(0).path("key").asText()).isEqualTo("pair:gamma:beta");
    }

    @Test
    void a_send_to_a_pair_of_unknown_teams_is_422() {
        server.admin().post("/v1/sessions", Map.of("key", "pair-caller"));
        Response r = server.admin().post("/v1/sessions/pair-caller/send",
                Map.of("to", Map.of("pair", Map.of("from", "alpha", "to", "omega")), "content", "hi"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("to.pair.to");
    }
}
