package dev.switchboard.api;

import static dev.switchboard.api.ProblemsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request rate limit is one component every transport passes through (issue 18, "Authorization and limits on
 * every transport"): WebSocket frames count like REST requests, stream tokens draw on the token that minted them, and
 * a client address that keeps presenting bad tokens is slowed down without locking out good ones.
 *
 * <p>The rate is so low ({@code 0.001}/s) that no permit comes back during a test: only the burst counts.
 */
@EachStore
class LimitsOnEveryTransportTest {
    static final int BURST = 6;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("limits.requests_per_second", "0.001").set("limits.burst", BURST)
            .set("limits.auth_failures_per_minute", 5));

    /** A fresh token with its own full bucket (minting it costs the admin one request). */
    static Http fresh(String name) {
        return server.client(name, List.of("sessions:read", "sessions:write", "transcripts:read", "transcripts:write"), Map.of());
    }

    @Test
    void websocket_frames_count_against_the_same_rate_limit_as_rest() {
        Http writer = fresh("ws-writer");
        assertThat(writer.post("/v1/sessions", Map.of("key", "ws-limited")).status()).isEqualTo(201); // 1 of the burst
        int frames = 30;
        int ok = 0;
        int limited = 0;
        try (var ws = WsClient.connect(server.url(), writer.token(), null)) { // the upgrade: 2 of the burst
            for (int i = 0; i < frames; i++) {
                JsonNode reply = ws.call("messages.append", Map.of("key", "ws-limited", "role", "user", "content", "m" + i));
                if (reply.has("result")) ok++;
                else if (reply.path("error").path("type").asText().endsWith(":rate-limited")) limited++;
            }
        }
        assertThat(ok).isEqualTo(BURST - 2);
        assertThat(limited).isEqualTo(frames - ok);
        assertThat(server.admin().get("/v1/sessions/ws-limited/messages?limit=500").json().path("items")).hasSize(ok);
    }

    @Test
    void a_stream_token_shares_the_bucket_of_the_token_that_minted_it() {
        Http parent = fresh("parent");
        String stream = parent.post("/v1/stream-tokens", Map.of()).json().path("token").asText();
        Response last;
        int guard = 0;
        do {
            last = parent.get("/v1/sessions");
        } while (last.status() == 200 && ++guard < 50);
        assertProblem(last, 429, "rate-limited");
        assertProblem(parent.as(stream).get("/v1/sessions"), 429, "rate-limited");
        assertThat(WsRefused.status(() -> WsClient.connect(server.url(), null, stream))).isEqualTo(429);
    }

    @Test
    void bad_tokens_from_one_address_are_slowed_down_and_good_tokens_still_work() {
        Http good = fresh("good-neighbour");
        Http bad = good.as("sb_not-a-real-token");
        for (int i = 0; i < 5; i++) assertProblem(bad.get("/v1/sessions"), 401, "unauthorized");
        Response refused = bad.get("/v1/sessions");
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(WsRefused.status(() -> WsClient.connect(server.url(), "sb_also-not-real", null))).isEqualTo(429);
        assertThat(good.get("/v1/sessions").status()).as("a good token from the same address").isEqualTo(200);
        assertProblem(server.anonymous().get("/v1/sessions"), 401, "unauthorized"); // no token at all is no guess
    }

    /** The HTTP status a refused WebSocket upgrade was answered with. */
    static final class WsRefused {
        static int status(Runnable connect) {
            try {
                connect.run();
                return 101;
            } catch (WsClient.UpgradeRefused e) {
                return e.status();
            }
        }
    }
}
