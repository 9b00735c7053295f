package dev.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * One RPC request on a WebSocket. {@code params} mirror the REST request (API.md "WebSocket"): for a method on
 * one session, {@code key} is the path's session key and {@code if_match} the {@code If-Match} version; list
 * methods read the query parameters from {@code params}; everything else in {@code params} is the REST body.
 */
public final class WsCall {
    private final Caller caller;
    private final ObjectNode params;
    private final WsConnection connection;
    private final List<Runnable> afterReply = new ArrayList<>();

    public WsCall(Caller caller, ObjectNode params, WsConnection connection) {
        this.caller = caller;
        this.params = params;
        this.connection = connection;
    }

    public Caller caller() {
        return caller;
    }

    /** The params exactly as sent (for methods whose REST body has a {@code key} field of its own, like create). */
    public ObjectNode params() {
        return params;
    }

    public WsConnection connection() {
        return connection;
    }

    /** {@code params.key}, the session the method is about: required. */
    public String key() {
        return requiredText(params, "key", "is required");
    }

    /**
     * A required text param standing for a REST path segment (a key, an id): what a path can't carry, such as
     * U+0000, is refused here the same way.
     */
    public static String requiredText(ObjectNode params, String name, String missing) {
        JsonNode v = params.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw ProblemException.validation(name, missing);
        return Fields.plainText(name, v.asText());
    }

    /**
     * {@code params.if_match}: the session version the change is based on, or null. The same rules as REST's
     * {@code If-Match} ({@link Requests#ifMatch(String)}): {@code 3}, {@code "3"}, {@code "\"3\""}, {@code W/"3"} and
     * {@code "*"} are accepted; anything else can never match (412).
     */
    public Long ifMatch() {
        JsonNode v = params.get("if_match");
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong();
        if (v.isTextual()) return Requests.ifMatch(v.textValue());
        throw new ProblemException(dev.switchboard.problem.ProblemType.PRECONDITION_FAILED,
                "if_match must be a session version such as 3 or \"3\"");
    }

    /** The REST body: the params without {@code key} and {@code if_match}. */
    public ObjectNode body() {
        ObjectNode body = params.deepCopy();
        body.remove(List.of("key", "if_match"));
        return body;
    }

    /**
     * The params read as a REST query string of an operation taking {@code accepted} (any other is a 422), for list
     * filters; {@code key} and {@code if_match} are the path and the header, not the query.
     */
    public Fields query(java.util.Set<String> accepted) {
        ObjectNode q = params.deepCopy();
        q.remove(List.of("key", "if_match"));
        return Fields.query(q, accepted);
    }

    /** Runs {@code hook} once the reply has been sent (e.g. start pushing events only after the subscribe result). */
    public void afterReply(Runnable hook) {
        afterReply.add(hook);
    }

    public List<Runnable> afterReplyHooks() {
        return afterReply;
    }
}
