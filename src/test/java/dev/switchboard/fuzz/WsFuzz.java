package dev.switchboard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The WebSocket transport under the same hostile values as REST: every RPC method (as the server lists them), with
 * params made of every field name any documented body has, each given a hostile value, plus frames that are broken
 * as a whole. Every frame must get a reply — a result, or an error problem with a known slug below 500 — and the
 * socket must stay open throughout.
 */
final class WsFuzz {
    private static final Set<String> SLUGS = Arrays.stream(ProblemType.values()).map(ProblemType::uri)
            .collect(Collectors.toUnmodifiableSet());

    private final WsClient ws;
    private final List<String> methods;
    private final List<String> fields;
    private final Map<String, String> failures = new java.util.LinkedHashMap<>();
    private int sent;

    WsFuzz(WsClient ws, Operations ops) {
        this.ws = ws;
        this.methods = methods(ws);
        this.fields = fieldNames(ops);
    }

    /** The method names, from the server's own answer to an unknown one ({@code "...; methods: a, b"}). */
    private static List<String> methods(WsClient ws) {
        String detail = ws.call("no.such_method", Map.of()).path("error").path("detail").asText();
        int at = detail.indexOf("methods: ");
        if (at < 0) throw new AssertionError("the unknown-method error no longer lists the methods: " + detail);
        return List.of(detail.substring(at + "methods: ".length()).split(", "));
    }

    /** Every property name of every documented request body (top level), plus the RPC envelope's own. */
    private static List<String> fieldNames(Operations ops) {
        var names = new TreeSet<>(List.of("key", "if_match", "id", "keys", "purge", "types", "after"));
        for (Operations.Operation op : ops.all()) {
            if (op.bodySchema() == null) continue;
            for (JsonNode alt : ops.alternatives(op.bodySchema())) alt.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return List.copyOf(names);
    }

    List<String> methods() {
        return methods;
    }

    /** Frames that are wrong as a whole: each must be answered with an error frame, the socket left open. */
    void brokenFrames() {
        for (String frame : List.of("", "null", "[]", "1", "\"x\"", "{", "{\"id\":1}", "{\"id\":1,\"method\":5}",
                "{\"id\":1,\"method\":\"sessions.get\",\"params\":[]}", "{\"id\":{\"a\":[1]},\"method\":\"sessions.get\"}",
                "{\"id\":\"\\ud800\",\"method\":\"sessions.get\"}", "{\"id\":1,\"method\":\"\\ud800\"}",
                "{\"id\":1,\"method\":\"sessions.get\",\"params\":" + Bodies.nested("{\"a\":", "}", 2_000) + "}")) {
            sent++;
            ws.sendRaw(frame);
            judge("(broken frame) " + abbreviate(frame), ws.nextReply(Duration.ofSeconds(10)));
        }
    }

    /** Random method × field × hostile value frames until {@code deadline}; returns how many were sent. */
    int random(Random random, long deadline) {
        var values = Bodies.hostileValues();
        int n = 0;
        while (System.nanoTime() < deadline) {
            String method = methods.get(random.nextInt(methods.size()));
            var params = new StringBuilder("{\"key\":\"fz\"");
            for (int f = 1 + random.nextInt(3); f > 0; f--) {
                params.append(",\"").append(fields.get(random.nextInt(fields.size()))).append("\":")
                        .append(values.get(random.nextInt(values.size())));
            }
            long id = 1_000_000L + n++;
            String frame = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}}";
            sent++;
            ws.sendRaw(frame);
            JsonNode reply = ws.nextReply(Duration.ofSeconds(10));
            if (reply != null && reply.path("id").asLong(-1) != id) {
                failures.putIfAbsent("id " + abbreviate(frame), "the reply to " + abbreviate(frame) + " has another id: " + abbreviate(reply.toString()));
            }
            judge(method + " " + abbreviate(params.toString()), reply);
        }
        return n;
    }

    private void judge(String what, JsonNode reply) {
        if (reply == null) {
            failures.putIfAbsent(what, "no reply within 10 s");
            return;
        }
        if (reply.has("result")) return;
        JsonNode problem = reply.path("error");
        int status = problem.path("status").asInt();
        if (!SLUGS.contains(problem.path("type").asText()) || status >= 500 || status < 400) {
            failures.putIfAbsent(what.substring(0, Math.min(40, what.length())), what + "\n      → " + abbreviate(reply.toString()));
        }
    }

    /** What went wrong, one line per kind; plus the socket closing, which must never happen. */
    List<String> failures() {
        var out = new ArrayList<>(failures.values());
        WsClient.Close close = ws.awaitClose(Duration.ZERO);
        if (close != null) out.add("the server closed the socket: " + close);
        return out;
    }

    int sent() {
        return sent;
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 120) + "…(" + s.length() + " chars)";
    }
}
