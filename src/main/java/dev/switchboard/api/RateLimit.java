package dev.switchboard.api;

import dev.switchboard.auth.Caller;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Requests;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token request rate limit (token bucket), so one runaway agent can't starve the rest: a
 * request over the limit is a 429 with {@code Retry-After}, never a silently dropped write.
 * Off when {@code limits.requests_per_second} is 0 (the default for a single-team server). One instance serves every
 * transport ({@code /v1} requests and MCP tool calls), so a token's budget is shared across them.
 */
public final class RateLimit implements Handler {
    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take(double perSecond, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }

    public RateLimit(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    @Override
    public void handle(Context ctx) {
        check(Requests.caller(ctx));
    }

    /** Takes one request from the caller's bucket; 429 {@code rate-limited} when it is empty. */
    public void check(Caller caller) {
        if (perSecond <= 0) return;
        String tokenId = caller.tokenId();
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(tokenId, id -> new Bucket(burst, now));
        if (!b.take(perSecond, burst, now)) {
            throw new ProblemException(ProblemType.RATE_LIMITED,
                    "this token is limited to " + perSecond + " requests/s (limits.requests_per_second); retry shortly");
        }
    }
}
