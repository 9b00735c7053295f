package dev.switchboard.usage;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage sums against a fixture computed by hand. Range 2026-03-01T00:00Z (inclusive) to
 * 2026-03-03T00:00Z (exclusive).
 * <pre>
 * msg  session           created (UTC)         usage (in/out/cost, model)        counted
 * A1   A alpha telegram  03-01 10:00           none (model → session's m-session) yes
 * A2   A                 03-01 10:01           100/20/0.01   m-big               yes
 * A3   A (2nd instance)  03-02 23:59:59.999    50/5/0.002    (m-session)         yes
 * B1   B beta discord    03-02 00:00           10/1/0.001    m-small             yes
 * B2   B                 03-03 00:00           1000/...                          no: to is exclusive
 * C1   C alpha discord   03-01 12:00           7/3/0.0005    m-big               yes
 * C2   C                 02-28 23:59:59        999/...                           no: before from
 * D1   D (deleted)       03-01 11:00           500/...                           no: archived
 * </pre>
 */
@EachStore
class UsageTest {
    static final String RANGE = "from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z";
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        String a = "agent:alpha:telegram:dm:u1";
        String b = "agent:beta:discord:dm:u2";
        String c = "agent:alpha:discord:group:g:u3";
        api.post("/v1/sessions", Map.of("key", a, "model", "m-session"));
        api.post("/v1/sessions", Map.of("key", b));
        api.post("/v1/sessions", Map.of("key", c));
        api.post("/v1/sessions", Map.of("key", "agent:alpha:telegram:dm:gone"));
        say(a, "2026-03-01T10:00:00Z", null);
        say(a, "2026-03-01T10:01:00Z", usage(100, 20, 0.01, "m-big"));
        api.post("/v1/sessions/" + seg(a) + "/reset", Map.of());
        say(a, "2026-03-02T23:59:59.999Z", usage(50, 5, 0.002, null));
        say(b, "2026-03-02T00:00:00Z", usage(10, 1, 0.001, "m-small"));
        say(b, "2026-03-03T00:00:00Z", usage(1000, 100, 1.0, "m-small"));
        say(c, "2026-03-01T12:00:00Z", usage(7, 3, 0.0005, "m-big"));
        say(c, "2026-02-28T23:59:59Z", usage(999, 99, 9.0, "m-big"));
        say("agent:alpha:telegram:dm:gone", "2026-03-01T11:00:00Z", usage(500, 50, 5.0, "m-big"));
        api.delete("/v1/sessions/" + seg("agent:alpha:telegram:dm:gone"));
    }


    static Map<String, Object> usage(long in, long out, double cost, String model) {
        var u = new LinkedHashMap<String, Object>(Map.of("input_tokens", in, "output_tokens", out, "cost_usd", cost));
        if (model != null) u.put("model", model);
        return u;
    }

    static void say(String key, String at, Map<String, Object> usage) {
        var m = new LinkedHashMap<String, Object>(Map.of("role", usage == null ? "user" : "assistant", "content", "x",
                "created_at", at));
        if (usage != null) m.put("usage", usage);
        Response r = api.post("/v1/sessions/" + seg(key) + "/messages", m);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static JsonNode report(Http client, String groupBy) {
        Response r = client.get("/v1/usage?" + RANGE + "&group_by=" + groupBy);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("items");
    }

    static void row(JsonNode row, String group, long in, long out, double cost, long sessions, long messages) {
        assertThat(row.path("group").asText()).isEqualTo(group);
        assertThat(row.path("input_tokens").asLong()).as(group + " input").isEqualTo(in);
        assertThat(row.path("output_tokens").asLong()).as(group + " output").isEqualTo(out);
        assertThat(row.path("cost_usd").asDouble()).as(group + " cost").isCloseTo(cost, within(1e-9));
        assertThat(row.path("sessions").asLong()).as(group + " sessions").isEqualTo(sessions);
        assertThat(row.path("messages").asLong()).as(group + " messages").isEqualTo(messages);
    }

    @Test
    void by_utc_day() {
        JsonNode items = report(api, "day");
        assertThat(items).hasSize(2);
        row(items.get(0), "2026-03-01", 107, 23, 0.0105, 2, 3);
        row(items.get(1), "2026-03-02", 60, 6, 0.003, 2, 2);
    }

    @Test
    void by_agent() {
        JsonNode items = report(api, "agent");
        assertThat(items).hasSize(2);
        row(items.get(0), "alpha", 157, 28, 0.0125, 2, 4);
        row(items.get(1), "beta", 10, 1, 0.001, 1, 1);
    }

    @Test
    void by_channel() {
        JsonNode items = report(api, "channel");
        assertThat(items).hasSize(2);
        row(items.get(0), "discord", 17, 4, 0.0015, 2, 2);
        row(items.get(1), "telegram", 150, 25, 0.012, 1, 3);
    }

    @Test
    void by_model_falling_back_to_the_sessions_model() {
        JsonNode items = report(api, "model");
        assertThat(items).hasSize(3);
        row(items.get(0), "m-big", 107, 23, 0.0105, 2, 2);
        row(items.get(1), "m-session", 50, 5, 0.002, 1, 2);
        row(items.get(2), "m-small", 10, 1, 0.001, 1, 1);
    }

    @Test
    void grants_limit_what_is_summed() {
        Http discord = server.client("discord", List.of("sessions:read"), Map.of("channels", List.of("discord")));
        JsonNode items = report(discord, "agent");
        assertThat(items).hasSize(2);
        row(items.get(0), "alpha", 7, 3, 0.0005, 1, 1);
        row(items.get(1), "beta", 10, 1, 0.001, 1, 1);
    }

    @Test
    void report_echoes_its_range_and_rejects_bad_parameters() {
        JsonNode r = api.get("/v1/usage?" + RANGE).json();
        assertThat(r.path("from").asText()).isEqualTo("2026-03-01T00:00:00.000Z");
        assertThat(r.path("group_by").asText()).isEqualTo("day");
        assertThat(api.get("/v1/usage?group_by=week").status()).isEqualTo(422);
        assertThat(api.get("/v1/usage?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z").status()).isEqualTo(422);
    }
}
