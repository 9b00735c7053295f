package dev.switchboard.api;

import dev.switchboard.auth.Caller;
import dev.switchboard.limits.Limits;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.token.TokenService;
import dev.switchboard.web.Requests;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Set;

/**
 * Before-handler for {@code /v1/*} (and the WebSocket upgrade): a bearer token in {@code Authorization}, or, on the
 * two streaming endpoints only, a stream token in {@code ?access_token=} (browsers' EventSource/WebSocket can't set
 * headers). An unknown, expired or revoked token is a 401, whatever the path — or a 429 once the client's address
 * has presented too many of them ({@link Limits#authenticationFailed}).
 */
public final class Authentication implements Handler {
    /** Paths where browsers can only authenticate through the query string. */
    private static final Set<String> QUERY_TOKEN_PATHS = Set.of("/v1/events", "/v1/ws");

    private final TokenService tokens;
    private final Limits limits;

    public Authentication(TokenService tokens, Limits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.method().name().equals("OPTIONS")) return;
        Requests.setCaller(ctx, authenticate(ctx.header("Authorization"), ctx.path(), ctx.queryParam("access_token"),
                ctx.ip()));
    }

    /**
     * Shared with transports that authenticate themselves (MCP's servlet): the same rules, and the same count of
     * failures per client {@code address}.
     */
    public Caller authenticate(String authorization, String path, String accessToken, String address) {
        String secret;
        boolean viaQuery = false;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, "Authorization must be 'Bearer <token>'");
            }
            secret = authorization.substring(7).trim();
        } else if (accessToken != null && QUERY_TOKEN_PATHS.contains(path)) {
            secret = accessToken;
            viaQuery = true;
        } else {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "missing bearer token (Authorization: Bearer <token>)");
        }
        Caller caller = tokens.authenticate(secret).orElse(null);
        if (caller == null) {
            // Only a token that was presented and failed counts against the address: guessing, not forgetting one.
            limits.authenticationFailed(address);
            throw new ProblemException(ProblemType.UNAUTHORIZED, "token is unknown, expired or revoked");
        }
        if (viaQuery && !caller.readOnly()) {
            // A long-lived secret in a URL ends up in proxy logs and browser history; only stream tokens may go there.
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "only stream tokens (POST /v1/stream-tokens) are accepted as access_token");
        }
        return caller;
    }
}
