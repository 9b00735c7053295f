package dev.switchboard.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;

/**
 * The request limits, one component for every transport: REST (a before-handler per request), WebSocket (per frame)
 * and MCP (per message) call the same methods with the caller and the payload, so no transport can skip a limit or
 * enforce a second copy of it. Knows nothing of HTTP.
 *
 * <ul>
 *   <li>{@link #checkRequest}: the caller's request rate ({@code limits.requests_per_second}, {@code burst}; 429) and
 *       the payload size ({@code limits.max_body_bytes}; 413). Rates are per token; a stream token counts against
 *       the token that minted it ({@link Caller#quotaKey}), so minting stream tokens buys no extra allowance.</li>
 *   <li>{@link #readJson}: the payload as JSON within {@code limits.max_json_depth} and storable as given (see
 *       {@link BoundedJson}); {@link #readEnvelope} + {@link #checkText} the same in two steps, for frames with an id;
 *       {@link #checkTree} the same for a payload a library parsed (MCP).</li>
 *   <li>{@link #authenticationFailed}: failed authentications per client address
 *       ({@code limits.auth_failures_per_minute}). Only failures are counted and only failures are refused: an
 *       address over its budget gets 429 instead of 401 for another bad token, while a valid token from the same
 *       address is served as always, so nobody can lock a good token out by failing next to it.</li>
 * </ul>
 */
public final class Limits {
    private final SwitchboardConfig.Limits config;
    private final TokenBuckets requests;
    private final TokenBuckets authFailures;
    private final BoundedJson json;

    public Limits(SwitchboardConfig.Limits config) {
        this.config = config;
        // Monotonic time: a wall clock moved back would hand out a burst, moved forward would refill at once.
        this.requests = new TokenBuckets(config.requestsPerSecond(), config.burst(), System::nanoTime);
        int perMinute = config.authFailuresPerMinute();
        this.authFailures = new TokenBuckets(perMinute / 60.0, perMinute, System::nanoTime);
        this.json = new BoundedJson(config.maxJsonDepth());
    }

    /**
     * One request (or frame, or tool call) of {@code caller} carrying {@code payloadBytes} (its declared or read size;
     * a lower bound will do where the exact size is checked when the payload is read): 429 or 413 if over a limit.
     */
    public void checkRequest(Caller caller, long payloadBytes) {
        checkRate(caller);
        checkSize(payloadBytes);
    }

    /** 429 when the caller's quota has no request left. */
    public void checkRate(Caller caller) {
        if (config.requestsPerSecond() <= 0) return;
        String quota = caller.quotaKey();
        if (!requests.take(quota)) {
            throw new ProblemException(ProblemType.RATE_LIMITED, "this token is limited to "
                    + config.requestsPerSecond() + " requests/s (limits.requests_per_second); retry shortly");
        }
    }

    /** 413 when a payload (declared or read) is larger than {@code limits.max_body_bytes}. */
    public void checkSize(long payloadBytes) {
        if (payloadBytes > config.maxBodyBytes()) {
            throw ProblemException.tooLarge("payload is " + payloadBytes + " bytes; limits.max_body_bytes is "
                    + config.maxBodyBytes());
        }
    }

    /** The payload as JSON (null when empty): 413 if too large, 400 if malformed, 422 if too deep or not storable. */
    public JsonNode readJson(byte[] payload) {
        checkSize(payload.length);
        JsonNode tree = json.parse(payload);
        BoundedJson.checkText(tree);
        return tree;
    }

    /**
     * An envelope that arrived as text (a WebSocket or JSON-RPC frame), read like {@link #readJson} except for its text:
     * the transport reads the envelope's {@code id} first, then calls {@link #checkText} on the part it hands on, so a
     * refusal can be answered to that id and name the field as REST would.
     */
    public JsonNode readEnvelope(String payload) {
        // A char is at most 3 UTF-8 bytes; only count exactly when the quick bound is over the limit.
        if ((long) payload.length() * 3 > config.maxBodyBytes()) {
            checkSize(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        return json.parse(payload);
    }

    /**
     * For an envelope {@link #readEnvelope} refused as a whole (malformed, too deep): its top-level {@code id} when it
     * can be read before the fault, so the refusal is still answered to that id; null when it can't.
     */
    public JsonNode envelopeId(String payload) {
        return json.peekMember(payload, "id");
    }

    /**
     * A payload another library already parsed (the MCP SDK's JSON-RPC body): the same depth and text rules as
     * {@link #readJson}, applied to the tree.
     */
    public void checkTree(JsonNode payload) {
        json.checkDepth(payload);
        BoundedJson.checkText(payload);
    }

    /** 422 naming the first string in {@code node} the store could not keep as given (a lone UTF-16 surrogate). */
    public void checkText(JsonNode node) {
        BoundedJson.checkText(node);
    }

    /**
     * A request from {@code address} failed to authenticate: counts it, and throws 429 (instead of the caller's 401)
     * when the address has used up {@code limits.auth_failures_per_minute}.
     */
    public void authenticationFailed(String address) {
        if (config.authFailuresPerMinute() <= 0 || address == null) return;
        if (!authFailures.take(address)) {
            throw new ProblemException(ProblemType.RATE_LIMITED, "too many failed authentications from this address"
                    + " (limits.auth_failures_per_minute = " + config.authFailuresPerMinute() + "); retry later");
        }
    }

    public long maxPayloadBytes() {
        return config.maxBodyBytes();
    }

    /** Forgets buckets that have refilled; housekeeping runs it, so the maps hold only recently limited keys. */
    public void prune() {
        requests.prune();
        authFailures.prune();
    }
}
