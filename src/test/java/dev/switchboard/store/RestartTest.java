package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EachStore
class RestartTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();

    @Test
    void sessions_messages_tokens_and_idempotency_records_survive_a_restart() throws Exception {
        {
            String admin = server.adminToken();
            String writer = server.token("writer", List.of("sessions:write", "sessions:read", "transcripts:write", "transcripts:read"), Map.of());
            var api = server.admin();
            api.post("/v1/sessions", Map.of("key", "durable", "title", "keep", "metadata", Map.of("n", 1)));
            Response appended = api.post("/v1/sessions/durable/messages", Map.of("messages", List.of(
                    Map.of("role", "user", "content", "one"), Map.of("role", "assistant", "content", "two",
                            "usage", Map.of("input_tokens", 3, "cost_usd", 0.5)))), "Idempotency-Key", "k1");

            server.restart();

            assertThat(server.adminToken()).as("no second admin token on restart").isEqualTo(admin);
            var after = server.admin();
            var s = after.get("/v1/sessions/durable").json();
            assertThat(s.path("title").asText()).isEqualTo("keep");
            assertThat(s.path("message_count").asLong()).isEqualTo(2);
            assertThat(s.path("usage").path("cost_usd").asDouble()).isEqualTo(0.5);
            assertThat(s.path("version").asLong()).isEqualTo(2);
            assertThat(after.as(writer).get("/v1/sessions/durable").status()).isEqualTo(200);

            Response replay = after.post("/v1/sessions/durable/messages", Map.of("messages", List.of(
                    Map.of("role", "user", "content", "one"), Map.of("role", "assistant", "content", "two",
                            "usage", Map.of("input_tokens", 3, "cost_usd", 0.5)))), "Idempotency-Key", "k1");
            assertThat(replay.body()).isEqualTo(appended.body());

            Response next = after.post("/v1/sessions/durable/messages", Map.of("role", "user", "content", "three"));
            assertThat(next.json().path("items").get(0).path("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void a_deleted_admin_token_file_is_recreated_only_when_no_admin_token_is_usable() throws Exception {
        {
            String first = server.adminToken();
            java.nio.file.Files.delete(server.dataDir().resolve("admin.token"));
            server.server().close();
            // the old admin token is still valid in the store, so no new one may be minted behind the operator's back
            var cfg = server.get().baseConfig().load();
            try (var again = dev.switchboard.Switchboard.start(cfg, java.time.Clock.systemUTC())) {
                assertThat(again.createdAdminToken()).isEmpty();
                assertThat(java.nio.file.Files.exists(server.dataDir().resolve("admin.token"))).isFalse();
                assertThat(again.tokens().authenticate(first)).isPresent();
            }
            java.nio.file.Files.writeString(server.dataDir().resolve("admin.token"), first);
            server.restart();
        }
    }
}
