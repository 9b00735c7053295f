package dev.switchboard.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expired stream tokens leave the table and the authentication cache (issue 18): housekeeping's
 * {@link TokenService#pruneExpired} (run every minute) is called directly here, after moving the clock.
 */
@EachStore
class ExpiredTokenPruningTest {
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create().clock(CLOCK);
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }

    @Test
    void expired_stream_tokens_are_deleted_and_leave_the_cache() {
        var minted = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            String secret = api.post("/v1/stream-tokens", Map.of("ttl_seconds", 60)).json().path("token").asText();
            assertThat(api.as(secret).get("/v1/sessions").status()).isEqualTo(200); // now cached
            minted.add(secret);
        }
        String lasting = api.post("/v1/stream-tokens", Map.of("ttl_seconds", 3_600)).json().path("token").asText();
        TokenService tokens = server.server().tokens();
        var raw = server.db();
        assertThat(raw.count("SELECT count(*) FROM tokens WHERE kind = 'stream'")).isEqualTo(21);
        assertThat(tokens.cachedTokens()).isGreaterThanOrEqualTo(20);

        CLOCK.advance(Duration.ofMinutes(2));
        tokens.pruneExpired();

        assertThat(raw.count("SELECT count(*) FROM tokens WHERE kind = 'stream'")).isEqualTo(1);
        assertThat(tokens.cachedTokens()).as("only unexpired tokens used within the cache TTL stay").isLessThanOrEqualTo(1);
        for (String secret : minted) assertThat(api.as(secret).get("/v1/sessions").status()).isEqualTo(401);
        assertThat(api.as(lasting).get("/v1/sessions").status()).isEqualTo(200);
        assertThat(api.get("/v1/sessions").status()).as("api tokens are kept").isEqualTo(200);
        assertThat(List.of(raw.count("SELECT count(*) FROM tokens WHERE kind = 'api'"))).containsExactly(1L);
    }
}
