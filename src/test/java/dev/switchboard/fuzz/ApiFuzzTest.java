package dev.switchboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.fuzz.Operations.Operation;
import dev.switchboard.fuzz.Operations.Parameter;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input over every documented endpoint (API.md; issue 18 "Done when"): thousands of generated bodies
 * (explicit nulls and every wrong JSON type in every field the schema describes, at every depth; huge numbers,
 * deep nesting, lone surrogates and odd Unicode, truncated and non-JSON bodies, invalid UTF-8) and query strings,
 * for a bounded time, and the same values as WebSocket RPC params to every method. Every answer must be below 500 and every error problem+json with a known slug; afterwards
 * the server is healthy and a canary session it never addressed is byte for byte what it was.
 *
 * <p>Endpoints come from the served {@code /openapi.json}, so new ones are fuzzed without touching this test. The
 * systematic cases run first, interleaved across operations so a short budget still reaches every endpoint; the
 * rest of the budget goes to random multi-field mutations from {@code -Dswitchboard.fuzz.seed} (printed on failure).
 */
@EachStore
class ApiFuzzTest {
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("switchboard.fuzz.seconds", 40));
    private static final long SEED = Long.getLong("switchboard.fuzz.seed", System.nanoTime());
    private static final String SESSION = "fz";
    private static final String CANARY = "canary";
    private static final List<String> QUERY_VALUES = List.of("", "x", "0", "-1", "1.5", "99999999999999999999",
            "true", "%00", "%ED%A0%80", "%FF", "%C0%AF", "a,b,,c", "%22%5Cud800%22", "x".repeat(4_000),
            "2026-13-45T99:99:99Z", "message.", "%0D%0AX-Injected:%201");
    private static final List<String> PATH_VALUES = List.of(SESSION, "%ED%A0%80", "%00", "..", "%2F%2F", "%25",
            "x".repeat(600), "%F0%9F%98%80", "%C0%AF", "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    @Test
    void hostile_bodies_and_queries_on_every_endpoint_get_4xx_problems_and_change_nothing_else() {
        String canaryBefore = canary();
        Operations ops = Operations.read(api.get("/openapi.json").json());
        assertThat(ops.all()).as("operations in /openapi.json").hasSizeGreaterThan(30);
        var probe = new Probe(server.url(), server.adminToken());
        var bodies = new Bodies(ops);
        long started = System.nanoTime();
        long deadline = started + BUDGET.toNanos();

        // Most of the budget for REST's systematic cases, a fifth for WebSocket frames, the rest for random REST.
        List<List<Runnable>> perOperation = ops.all().stream().map(op -> systematic(op, probe, bodies)).toList();
        int systematic = runInterleaved(perOperation, started + BUDGET.toNanos() * 6 / 10);
        List<String> wsFailures;
        int frames;
        try (var ws = WsClient.connect(server.url(), server.adminToken(), null)) {
            var wsFuzz = new WsFuzz(ws, ops);
            wsFuzz.brokenFrames();
            frames = wsFuzz.random(new Random(SEED), started + BUDGET.toNanos() * 8 / 10) + wsFuzz.sent();
            wsFailures = wsFuzz.failures();
        }
        int random = runRandom(ops, probe, bodies, deadline);

        String report = "seed " + SEED + " (-Dswitchboard.fuzz.seed); " + probe.sent() + " requests, "
                + probe.failed() + " wrong answers:\n  " + String.join("\n  ", probe.failures());
        System.out.println("fuzz: " + systematic + " systematic and " + random + " random REST cases, " + frames
                + " WebSocket frames; " + report);
        assertThat(probe.failures()).as(report).isEmpty();
        assertThat(wsFailures).as("WebSocket (seed " + SEED + ")").isEmpty();
        assertThat(systematic + random).as("cases run within " + BUDGET).isGreaterThan(2_000);
        assertThat(api.get("/readyz").status()).as("ready after the fuzz").isEqualTo(200);
        assertThat(api.post("/v1/sessions", Map.of("key", "after-fuzz")).status()).isEqualTo(201);
        assertThat(api.post("/v1/sessions/after-fuzz/messages", Map.of("role", "user", "content", "still here")).status())
                .isEqualTo(201);
        assertThat(canary()).as("the canary session, never addressed by the fuzz").isEqualTo(canaryBefore);
    }

    /** The systematic cases of one operation: each field × each hostile value, broken bodies, each query value. */
    private static List<Runnable> systematic(Operation op, Probe probe, Bodies bodies) {
        var cases = new ArrayList<Runnable>();
        String path = fill(op.path(), SESSION);
        if (op.bodySchema() != null) {
            for (String body : bodies.fieldMutations(op.bodySchema())) cases.add(() -> probe.send(op.toString(), op.method(), path, utf8(body)));
            String valid = bodies.valid(op.bodySchema()).toString();
            for (byte[] broken : Bodies.brokenBodies(valid)) cases.add(() -> probe.send(op.toString(), op.method(), path, broken));
        }
        for (Parameter p : op.query()) {
            if (p.name().equals("access_token")) continue; // a secret in the URL; the auth tests cover it
            for (String value : QUERY_VALUES) cases.add(() -> probe.send(op.toString(), op.method(), path + "?" + p.name() + "=" + value, body(op)));
            cases.add(() -> probe.send(op.toString(), op.method(), path + "?" + p.name() + "=1&" + p.name() + "=x", body(op)));
        }
        if (op.path().contains("{")) {
            for (String segment : PATH_VALUES) cases.add(() -> probe.send(op.toString(), op.method(), fill(op.path(), segment), body(op)));
        }
        return cases;
    }

    private static int runInterleaved(List<List<Runnable>> perOperation, long deadline) {
        int ran = 0;
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<Runnable> cases : perOperation) {
                if (i >= cases.size()) continue;
                if (System.nanoTime() > deadline) return ran;
                if (++ran % 250 == 0) recreateFuzzSession();
                cases.get(i).run();
                any = true;
            }
            if (!any) return ran;
        }
    }

    private static int runRandom(Operations ops, Probe probe, Bodies bodies, long deadline) {
        var random = new Random(SEED);
        var withBody = ops.all().stream().filter(op -> op.bodySchema() != null).toList();
        int ran = 0;
        while (System.nanoTime() < deadline) {
            if (++ran % 250 == 0) recreateFuzzSession();
            Operation op = withBody.get(random.nextInt(withBody.size()));
            probe.send(op.toString(), op.method(), fill(op.path(), SESSION), utf8(bodies.randomMutation(op.bodySchema(), random)));
        }
        return ran;
    }

    /** The fuzz deletes and ends its session now and then; bring it back so later cases reach past the 404. */
    private static void recreateFuzzSession() {
        api.delete("/v1/sessions/" + SESSION + "?purge=true");
        api.post("/v1/sessions", Map.of("key", SESSION));
    }

    private static String fill(String template, String segment) {
        return template.replaceAll("\\{key}", segment).replaceAll("\\{[a-z_]+}", segment.equals(SESSION) ? "p" : segment);
    }

    /** A well-formed body for operations that take one, so query and path cases reach past body validation. */
    private static byte[] body(Operation op) {
        return op.bodySchema() == null ? null : utf8("{}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The canary session as a client reads it: the session, its transcript, its instances. */
    private static String canary() {
        if (api.get("/v1/sessions/" + CANARY).status() == 404) {
            api.post("/v1/sessions", Map.of("key", CANARY, "metadata", Map.of("k", "v\u00e9")));
            api.post("/v1/sessions/" + CANARY + "/messages", Map.of("messages", List.of(
                    Map.of("role", "user", "content", "bonjour \uD83D\uDE00"),
                    Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "salut"))))));
        }
        JsonNode instances = api.get("/v1/sessions/" + CANARY + "/instances").json();
        return api.get("/v1/sessions/" + CANARY).body() + "\n" + api.get("/v1/sessions/" + CANARY + "/messages?limit=500").body()
                + "\n" + instances;
    }
}
