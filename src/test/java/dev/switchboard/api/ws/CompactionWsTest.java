package dev.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.compaction.CompactionClient;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code sessions.compact}, {@code sessions.context} and {@code checkpoints.*} over {@code /v1/ws}: the REST services. */
@EachStore
class CompactionWsTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.min_messages", 1));
    static CompactionClient c;
    static WsClient ws;

    @BeforeEachStore
    static void start() {
        c = new CompactionClient(server.admin());
        ws = WsClient.connect(server.url(), server.adminToken(), null);
    }

    @AfterEachStore
    static void stop() {
        ws.close();
    }

    @Test
    void compact_list_context_restore_and_branch_over_the_websocket() {
        String key = c.session("ws-compact");
        c.appendTexts(key, 1, 8);
        JsonNode cp = ws.result("sessions.compact", Map.of("key", key, "strategy", "truncate", "keep_last", 2));
        assertThat(cp.path("status").asText()).isEqualTo("active");
        JsonNode listed = ws.result("checkpoints.list", Map.of("key", key, "limit", 5));
        assertThat(listed.path("items").get(0).path("id").asText()).isEqualTo(cp.path("id").asText());
        JsonNode ctx = ws.result("sessions.context", Map.of("key", key, "format", "openai"));
        assertThat(ctx.path("format").asText()).isEqualTo("openai");
        assertThat(ctx.path("messages")).hasSize(2);
        assertThat(ctx).isEqualTo(c.context(key, "format=openai"));
        JsonNode one = ws.result("checkpoints.get", Map.of("key", key, "id", cp.path("id").asText(), "include", "messages"));
        assertThat(one.path("messages").path("items")).hasSize(6);
        JsonNode branch = ws.result("checkpoints.branch", Map.of("key", key, "id", cp.path("id").asText(), "new_key", "ws-branch"));
        assertThat(branch.path("parent_key").asText()).isEqualTo(key);
        JsonNode restored = ws.result("checkpoints.restore", Map.of("key", key, "id", cp.path("id").asText()));
        assertThat(restored.path("status").asText()).isEqualTo("reverted");
        JsonNode again = ws.call("sessions.compact", Map.of("key", key, "strategy", "truncate", "keep_last", 8));
        assertThat(again.path("error").path("type").asText()).isEqualTo("urn:switchboard:problem:nothing-to-compact");
    }
}
