package dev.switchboard.auth;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.TestStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.token.TokenSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken-object-level authorization, endpoint by endpoint: a token outside a session's grants gets the
 * same 404 as for a session that does not exist, a token without the scope a 403, no token a 401.
 * {@link #SESSION_ENDPOINTS} must list every endpoint under {@code /v1/sessions/{key}}; a test fails when
 * one is served but missing here.
 */
@EachStore
class AuthorizationTest {
    /**
     * method, path template ({key} is replaced, a query string is allowed), the body for a given session
     * key, and the scope the endpoint needs ({@code null}: the plugin grant {@value #PLUGIN} instead).
     */
    record Endpoint(String method, String path, Function<String, Object> body, Scope scope, Consumer<String> prepare) {
        Endpoint {
            if (body == null) body = key -> null; // a literal null picks the Function constructor: no body
            if (prepare == null) prepare = key -> { };
        }

        Endpoint(String method, String path, Function<String, Object> body, Scope scope) {
            this(method, path, body, scope, null);
        }

        Endpoint(String method, String path, Object body, Scope scope) {
            this(method, path, key -> body, scope, null);
        }

        /** An endpoint whose session needs {@code prepare} (done by the admin, before anything is compared). */
        Endpoint preparedBy(Consumer<String> setup) {
            return new Endpoint(method, path, body, scope, setup);
        }

        String label() {
            int q = path.indexOf('?');
            String template = (q < 0 ? path : path.substring(0, q)).replace("/" + PLUGIN + "/", "/{plugin_id}/")
                    .replace("/ns", "/{namespace}");
            return method + " " + template;
        }
    }

    static final String PLUGIN = "p1";

    static final List<Endpoint> SESSION_ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/sessions/{key}", null, Scope.SESSIONS_READ),
            new Endpoint("PATCH", "/v1/sessions/{key}", Map.of("title", "x"), Scope.SESSIONS_WRITE),
            new Endpoint("DELETE", "/v1/sessions/{key}", null, Scope.SESSIONS_WRITE),
            new Endpoint("POST", "/v1/sessions/{key}/heartbeat", Map.of(), Scope.SESSIONS_WRITE),
            new Endpoint("POST", "/v1/sessions/{key}/end", Map.of(), Scope.SESSIONS_WRITE),
            new Endpoint("POST", "/v1/sessions/{key}/reset", Map.of(), Scope.SESSIONS_WRITE),
            new Endpoint("POST", "/v1/sessions/{key}/switch",
                    key -> Map.of("id", AuthorizationTest.admin.get("/v1/sessions/" + seg(key)).json().path("id").asText("none")),
                    Scope.SESSIONS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/instances", null, Scope.SESSIONS_READ),
            new Endpoint("PUT", "/v1/sessions/{key}/plugins/" + PLUGIN + "/ns", Map.of("v", 1), null),
            new Endpoint("POST", "/v1/sessions/{key}/messages", Map.of("role", "user", "content", "x"), Scope.TRANSCRIPTS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/messages", null, Scope.TRANSCRIPTS_READ),
            new Endpoint("DELETE", "/v1/sessions/{key}/messages?after_seq=0", null, Scope.TRANSCRIPTS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/preview", null, Scope.TRANSCRIPTS_READ),
            new Endpoint("GET", "/v1/sessions/{key}/export", null, Scope.TRANSCRIPTS_READ),
            new Endpoint("POST", "/v1/sessions/{key}/runs", Map.of("input", "x"), Scope.RUNS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/runs", null, Scope.SESSIONS_READ),
            new Endpoint("GET", "/v1/sessions/{key}/directives", null, Scope.SESSIONS_READ),
            new Endpoint("PUT", "/v1/sessions/{key}/messages?after_seq=0", Map.of("role", "user", "content", "x"), Scope.TRANSCRIPTS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/context", null, Scope.TRANSCRIPTS_READ),
            new Endpoint("POST", "/v1/sessions/{key}/compact", Map.of("strategy", "truncate", "keep_last", 1), Scope.TRANSCRIPTS_WRITE)
                    .preparedBy(AuthorizationTest::messages),
            new Endpoint("GET", "/v1/sessions/{key}/checkpoints", null, Scope.TRANSCRIPTS_READ),
            new Endpoint("GET", "/v1/sessions/{key}/checkpoints/{id}", null, Scope.TRANSCRIPTS_READ)
                    .preparedBy(AuthorizationTest::checkpoint),
            new Endpoint("POST", "/v1/sessions/{key}/checkpoints/{id}/restore", Map.of(), Scope.TRANSCRIPTS_WRITE)
                    .preparedBy(AuthorizationTest::checkpoint),
            new Endpoint("POST", "/v1/sessions/{key}/checkpoints/{id}/branch", Map.of(), Scope.TRANSCRIPTS_WRITE)
                    .preparedBy(AuthorizationTest::checkpoint),
            new Endpoint("POST", "/v1/sessions/{key}/abort", Map.of(), Scope.RUNS_WRITE),
            new Endpoint("GET", "/v1/sessions/{key}/children", null, Scope.SESSIONS_READ),
            new Endpoint("POST", "/v1/sessions/{key}/spawn", Map.of("agent", "main", "input", "x"), Scope.RUNS_WRITE)
                    .preparedBy(key -> defineMain()),
            new Endpoint("POST", "/v1/sessions/{key}/send", key -> Map.of("to", key + ":peer", "content", "x"), Scope.RUNS_WRITE)
                    .preparedBy(AuthorizationTest::peer));

    /** An agent named like the grants' agent ({@code main}), so a token granted only {@code main} may spawn with it. */
    static void defineMain() {
        admin.put("/v1/agents/main", Map.of("adapter", "echo"));
    }

    /** A second session in the same channel for {@code key} to send to. */
    static void peer(String key) {
        admin.post("/v1/sessions", Map.of("key", key + ":peer", "source",
                Map.of("platform", "telegram", "chat_type", "group", "chat_id", "peer-" + key.hashCode())));
    }

    /** Enough messages to compact. */
    static void messages(String key) {
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 6; i++) batch.add(Map.of("role", "user", "content", "m" + i));
        admin.post("/v1/sessions/" + seg(key) + "/messages", Map.of("messages", batch));
    }

    /** Messages and a checkpoint of them. */
    static void checkpoint(String key) {
        messages(key);
        admin.post("/v1/sessions/" + seg(key) + "/compact", Map.of("strategy", "truncate", "keep_last", 1));
    }

    /** The newest checkpoint of {@code key} (a made-up id when it has none: the session is missing or hidden). */
    static String checkpointOf(String key) {
        return admin.get("/v1/sessions/" + seg(key) + "/checkpoints").json().path("items").path(0).path("id")
                .asText("01JDQ4Z6M9X7V3K2H8N5T0B1C4");
    }

    static final List<String> ALL_BUT_ADMIN = List.of("sessions:read", "sessions:write", "transcripts:read",
            "transcripts:write", "runs:write", "directives:write");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http admin;
    static Http otherChannel;
    static Http otherAgent;
    static Http rightChannel;
    static final String KEY = "agent:main:telegram:dm:42";

    @BeforeEachStore
    static void start() {
        admin = server.admin();
        var plugin = List.of(PLUGIN);
        otherChannel = server.client("discord-only", ALL_BUT_ADMIN, Map.of("channels", List.of("discord"), "plugins", plugin));
        otherAgent = server.client("coder-only", ALL_BUT_ADMIN, Map.of("agents", List.of("coder"), "plugins", plugin));
        rightChannel = server.client("telegram-only", ALL_BUT_ADMIN,
                Map.of("channels", List.of("telegram"), "agents", List.of("main"), "plugins", plugin));
    }


    static String fresh(String suffix) {
        String key = KEY + suffix;
        admin.post("/v1/sessions", Map.of("key", key, "source",
                Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "42" + suffix)));
        return key;
    }

    /** A fresh session as endpoint {@code e} needs it. */
    static String fresh(Endpoint e, String suffix) {
        String key = fresh(suffix);
        e.prepare().accept(key);
        return key;
    }

    /** Everything a write to the session could change, as the admin sees it: equal before and after = nothing written. */
    static String state(String key) {
        String base = "/v1/sessions/" + seg(key);
        return String.join("\n", admin.get(base).body(), admin.get(base + "/messages?limit=500").body(),
                admin.get(base + "/instances").body(), admin.get(base + "/runs").body(),
                admin.get(base + "/directives").body());
    }

    /** Each token's id and revocation time (last_used_at moves with every request, so it is left out). */
    static List<String> tokenStates() {
        var out = new ArrayList<String>();
        admin.get("/v1/tokens?limit=500&include_revoked=true").json().path("items")
                .forEach(t -> out.add(t.path("id").asText() + " " + t.path("revoked_at").asText()));
        return out;
    }

    static Response call(Http who, Endpoint e, String key) {
        String path = e.path().replace("{key}", seg(key));
        if (path.contains("{id}")) path = path.replace("{id}", checkpointOf(key));
        return who.send(e.method(), path, e.body().apply(key));
    }

    @Test
    void every_session_endpoint_is_in_the_table() {
        var covered = new java.util.HashSet<String>();
        SESSION_ENDPOINTS.forEach(e -> covered.add(e.label()));
        var missing = new ArrayList<String>();
        for (var parsed : server.server().http().javalin().unsafe.internalRouter.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            String label = endpoint.method.name().toUpperCase(Locale.ROOT) + " " + endpoint.path;
            if (endpoint.path.startsWith("/v1/sessions/{key}") && !covered.contains(label)) missing.add(label);
        }
        assertThat(missing).as("session endpoints without an authorization test").isEmpty();
    }

    @Test
    void a_token_outside_the_channel_grant_gets_the_same_404_as_for_a_missing_session() {
        for (Endpoint e : SESSION_ENDPOINTS) {
            String key = fresh(e, ":ch:" + e.method() + e.path().length());
            Response hidden = call(otherChannel, e, key);
            Response missing = call(otherChannel, e, key + "-does-not-exist");
            assertThat(hidden.status()).as(e.label()).isEqualTo(404);
            assertThat(hidden.problem()).as(e.label()).isEqualTo("not-found");
            assertThat(hidden.json().path("detail").asText().replace(key, "K"))
                    .as(e.label()).isEqualTo(missing.json().path("detail").asText().replace(key + "-does-not-exist", "K"));
            assertThat(hidden.headers().map().keySet()).as(e.label()).doesNotContain("etag");
        }
    }

    @Test
    void a_token_outside_the_agent_grant_gets_404() {
        for (Endpoint e : SESSION_ENDPOINTS) {
            String key = fresh(e, ":ag:" + e.method() + e.path().length());
            String before = state(key);
            assertThat(call(otherAgent, e, key).status()).as(e.label()).isEqualTo(404);
            assertThat(state(key)).as(e.label() + " wrote nothing").isEqualTo(before);
        }
    }

    @Test
    void a_token_inside_its_grants_is_served() {
        for (Endpoint e : SESSION_ENDPOINTS) {
            String key = fresh(e, ":ok:" + e.method() + e.path().length());
            assertThat(call(rightChannel, e, key).status()).as(e.label()).isBetween(200, 299);
        }
    }

    @Test
    void runs_and_directives_of_a_session_outside_the_grants_look_missing() {
        String key = fresh(":resources");
        String run = admin.post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", "x", "agent", "echo")).json().path("id").asText();
        String directive = admin.post("/v1/directives", Map.of("session_key", key, "content", "note", "priority", "normal",
                "tags", List.of("t"))).json().path("id").asText();
        assertThat(run).isNotBlank();
        assertThat(directive).isNotBlank();
        var probes = List.of(
                new String[] {"GET", "/v1/runs/%s"}, new String[] {"POST", "/v1/runs/%s/abort"},
                new String[] {"GET", "/v1/runs/%s/logs"});
        for (String[] p : probes) {
            Response hidden = otherChannel.send(p[0], p[1].formatted(run), p[0].equals("POST") ? Map.of() : null);
            Response missing = otherChannel.send(p[0], p[1].formatted("01JDQ4Z6M9X7V3K2H8N5T0B1C4"), p[0].equals("POST") ? Map.of() : null);
            assertThat(hidden.status()).as(p[1]).isEqualTo(404);
            assertThat(hidden.json().path("detail").asText().replace(run, "ID"))
                    .as(p[1]).isEqualTo(missing.json().path("detail").asText().replace("01JDQ4Z6M9X7V3K2H8N5T0B1C4", "ID"));
        }
        Response ack = otherChannel.post("/v1/directives/" + directive + "/ack", Map.of());
        Response ackMissing = otherChannel.post("/v1/directives/01JDQ4Z6M9X7V3K2H8N5T0B1C4/ack", Map.of());
        assertThat(ack.status()).isEqualTo(404);
        assertThat(ack.body()).doesNotContain(key);
        assertThat(ack.body().replace(directive, "ID")).isEqualTo(ackMissing.body().replace("01JDQ4Z6M9X7V3K2H8N5T0B1C4", "ID"));
        assertThat(admin.get("/v1/runs/" + run).json().path("status").asText()).isNotEqualTo("aborted");
        assertThat(admin.get("/v1/sessions/" + seg(key) + "/directives").json().path("items").get(0)
                .path("acked_at").isNull()).isTrue();
    }

    @Test
    void denied_writes_change_nothing() {
        String key = fresh(":unchanged");
        admin.post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", "keep"));
        for (Endpoint e : SESSION_ENDPOINTS) call(otherChannel, e, key);
        var s = admin.get("/v1/sessions/" + seg(key)).json();
        assertThat(s.path("version").asLong()).isEqualTo(2);
        assertThat(s.path("message_count").asLong()).isEqualTo(1);
        assertThat(s.path("status").asText()).isEqualTo("active");
        assertThat(s.path("plugins").isEmpty()).isTrue();
        assertThat(admin.get("/v1/sessions/" + seg(key) + "/instances").json().path("items")).hasSize(1);
    }

    @Test
    void a_token_without_the_scope_gets_403() {
        for (Endpoint e : SESSION_ENDPOINTS) {
            var scopes = new ArrayList<>(ALL_BUT_ADMIN);
            if (e.scope() != null) scopes.remove(e.scope().wire()); // else: it lacks the plugin grant
            Http lacking = server.client("lacks-" + e.label(), scopes, Map.of());
            String key = fresh(e, ":scope:" + e.method() + e.path().length());
            String before = state(key);
            Response r = call(lacking, e, key);
            assertThat(r.status()).as(e.label()).isEqualTo(403);
            assertThat(r.problem()).as(e.label()).isEqualTo("forbidden");
            assertThat(state(key)).as(e.label() + " wrote nothing").isEqualTo(before);
        }
    }

    @Test
    void no_token_is_401_and_a_bad_token_is_401() {
        String key = fresh(":anonymous");
        String before = state(key);
        for (Endpoint e : SESSION_ENDPOINTS) {
            Response none = call(server.anonymous(), e, key);
            assertThat(none.status()).as(e.label()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(call(admin.as("sb_not-a-real-token"), e, key).status()).as(e.label()).isEqualTo(401);
        }
        assertThat(state(key)).as("unauthenticated calls wrote nothing").isEqualTo(before);
        assertThat(server.anonymous().get("/v1/sessions", "Authorization", "Basic YTpi").status()).isEqualTo(401);
    }

    @Test
    void list_only_shows_sessions_inside_the_grants() {
        fresh(":listed");
        admin.post("/v1/sessions", Map.of("key", "discord-listed", "source",
                Map.of("platform", "discord", "chat_type", "dm", "chat_id", "7")));
        var keys = new ArrayList<String>();
        otherChannel.get("/v1/sessions?limit=500").json().path("items").forEach(s -> keys.add(s.path("channel").asText()));
        assertThat(keys).isNotEmpty().containsOnly("discord");
        assertThat(otherAgent.get("/v1/sessions?limit=500").json().path("items")).isEmpty();
    }

    @Test
    void creating_a_session_outside_the_grants_is_403_whether_or_not_it_exists() {
        String existing = fresh(":create");
        Response onExisting = otherChannel.post("/v1/sessions", Map.of("key", existing));
        Response onNew = otherChannel.post("/v1/sessions", Map.of("source",
                Map.of("platform", "telegram", "chat_type", "dm", "chat_id", "brand-new")));
        assertThat(onExisting.status()).isEqualTo(403);
        assertThat(onNew.status()).isEqualTo(403);
        assertThat(otherChannel.post("/v1/sessions", Map.of("source",
                Map.of("platform", "discord", "chat_type", "dm", "chat_id", "ok"))).status()).isEqualTo(201);
    }

    @Test
    void token_endpoints_are_admin_only() {
        Http writer = server.client("writer", ALL_BUT_ADMIN, Map.of());
        var tokensBefore = tokenStates();
        assertThat(writer.get("/v1/tokens").status()).isEqualTo(403);
        assertThat(writer.post("/v1/tokens", Map.of("name", "x", "scopes", List.of("admin"))).status()).isEqualTo(403);
        String id = admin.get("/v1/tokens").json().path("items").get(0).path("id").asText();
        assertThat(writer.get("/v1/tokens/" + id).status()).isEqualTo(403);
        assertThat(writer.delete("/v1/tokens/" + id).status()).isEqualTo(403);
        assertThat(tokenStates()).as("no token created or revoked").isEqualTo(tokensBefore);
    }

    @Test
    void revoked_and_expired_tokens_are_refused_at_once() {
        Response created = admin.post("/v1/tokens", Map.of("name", "short", "scopes", List.of("sessions:read")));
        String secret = created.json().path("token").asText();
        String id = created.json().path("id").asText();
        assertThat(admin.as(secret).get("/v1/sessions").status()).isEqualTo(200);
        assertThat(admin.delete("/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(admin.as(secret).get("/v1/sessions").status()).isEqualTo(401);
        assertThat(admin.delete("/v1/tokens/" + id).status()).as("revoke is idempotent").isEqualTo(204);

        Response past = admin.post("/v1/tokens", Map.of("name", "old", "scopes", List.of("admin"), "expires_at", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(422);
    }

    @Test
    void token_listing_never_contains_secrets_and_the_store_holds_only_hashes() throws Exception {
        String secret = server.token("hashed", List.of("sessions:read"), Map.of());
        String listing = admin.get("/v1/tokens?limit=500").body();
        assertThat(listing).doesNotContain(secret).doesNotContain(server.adminToken()).doesNotContain("\"token\"");
        String raw;
        if (server.store() == TestStore.SQLITE) { // every byte of the file and its WAL, not only what SQL shows
            byte[] db = java.nio.file.Files.readAllBytes(server.dataDir().resolve("switchboard.db"));
            byte[] wal = java.nio.file.Files.exists(server.dataDir().resolve("switchboard.db-wal"))
                    ? java.nio.file.Files.readAllBytes(server.dataDir().resolve("switchboard.db-wal")) : new byte[0];
            raw = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1) + new String(wal, java.nio.charset.StandardCharsets.ISO_8859_1);
        } else { // every column of every token row
            raw = server.db().rows("SELECT * FROM tokens").toString();
        }
        assertThat(raw).doesNotContain(secret).contains(TokenSecrets.hash(secret));
    }

    @Test
    void token_create_validates_scopes_and_names() {
        Response r = admin.post("/v1/tokens", Map.of("scopes", List.of("sessions:read", "root")));
        assertThat(r.status()).isEqualTo(422);
        var fields = new java.util.HashSet<String>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).isEqualTo(Set.of("name", "scopes"));
    }

    @Test
    void admin_token_file_is_private() throws Exception {
        var perms = java.nio.file.Files.getPosixFilePermissions(server.dataDir().resolve("admin.token"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(perms)).isEqualTo("rw-------");
    }
}
