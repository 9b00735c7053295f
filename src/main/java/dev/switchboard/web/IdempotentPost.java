package dev.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * A creating POST as {@code Idempotency-Key} handling sees it, read off the HTTP request so that the idempotency
 * feature itself never touches the transport.
 *
 * @param principal the token id the key is scoped to
 * @param key       the {@code Idempotency-Key} header, or null when the request has none
 * @param body      the parsed JSON body, or null when there is none
 */
public record IdempotentPost(String principal, String method, String path, String key, JsonNode body) {
    public static IdempotentPost of(Context ctx) {
        return new IdempotentPost(Requests.caller(ctx).tokenId(), ctx.method().name(), ctx.path(),
                ctx.header("Idempotency-Key"), Requests.json(ctx));
    }
}
