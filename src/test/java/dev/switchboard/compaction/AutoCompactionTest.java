package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.path;
import static dev.switchboard.compaction.CompactionClient.range;
import static dev.switchboard.compaction.CompactionClient.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automatic compaction by thresholds ({@code max_messages}, {@code max_context_tokens}, the age rule), checked by the
 * background check (called directly here, after moving the clock) and after a run ends; one attempt per crossing.
 */
@EachStore
class AutoCompactionTest {
    static final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.auto", true).set("compaction.auto_strategy", "truncate")
                    .set("compaction.keep_last", 5).set("compaction.min_messages", 2).set("compaction.max_messages", 20)
                    .set("compaction.max_context_tokens", 600).set("compaction.max_age", "7d")
                    .set("compaction.age_min_messages", 8).set("compaction.check_every", "1h")).clock(clock);
    static CompactionClient c;

    @BeforeEachStore
    static void start() {
        c = new CompactionClient(server.admin());
    }

    private static List<JsonNode> checkpoints(String key) {
        var out = new ArrayList<JsonNode>();
        c.api.get(path(key) + "/checkpoints").json().path("items").forEach(out::add);
        return out;
    }

    @Test
    void a_context_over_max_messages_is_compacted_by_the_background_check() {
        String key = c.session("auto-count");
        c.appendTexts(key, 1, 20);
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(key)).as("20 is not over 20").isEmpty();
        c.appendTexts(key, 21, 21);
        server.server().autoCompaction().sweep();
        List<JsonNode> made = checkpoints(key);
        assertThat(made).hasSize(1);
        assertThat(made.getFirst().path("trigger").asText()).isEqualTo("auto");
        assertThat(seqs(c.context(key, ""))).isEqualTo(range(17, 21));
    }

    @Test
    void a_context_over_max_context_tokens_is_compacted() {
        String key = c.session("auto-tokens");
        c.appendSized(key, 10, 238); // 64 tokens each
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(key)).as("640 tokens > 600").hasSize(1);
    }

    @Test
    void old_contexts_with_enough_messages_are_compacted_by_the_age_rule() {
        String old = c.session("auto-age");
        c.appendTexts(old, 1, 9);
        String small = c.session("auto-age-small");
        c.appendTexts(small, 1, 8);
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(old)).isEmpty();
        clock.advance(Duration.ofDays(8));
        try {
            server.server().autoCompaction().sweep();
            assertThat(checkpoints(old)).as("9 messages > 8, oldest 8 days old").hasSize(1);
            assertThat(checkpoints(small)).as("8 messages are not more than 8").isEmpty();
        } finally {
            clock.advance(Duration.ofDays(-8));
        }
    }

    @Test
    void a_kept_tail_that_alone_is_over_the_threshold_is_not_compacted_again_until_keep_last_new_messages() {
        String key = c.session("auto-crossing");
        c.appendSized(key, 12, 598); // 154 tokens each
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(key)).hasSize(1); // keeps 5 × 154 = 770 tokens: still over 600
        server.server().autoCompaction().sweep();
        c.appendSized(key, 4, 598);
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(key)).as("same crossing: fewer than keep_last new messages").hasSize(1);
        c.appendSized(key, 1, 598);
        server.server().autoCompaction().sweep();
        assertThat(checkpoints(key)).hasSize(2);
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).contains("switchboard_compaction_auto_checks_total{decision=\"same_crossing\"}");
    }

    @Test
    void the_end_of_a_run_checks_its_session() {
        String key = c.session("auto-after-run");
        c.appendTexts(key, 1, 20);
        assertThat(c.api.post(path(key) + "/runs", Map.of("input", "one more", "agent", "echo")).status()).isEqualTo(202);
        // the run's input and answer make 22 messages: over 20 when the run ends
        JsonNode cp = await().atMost(Duration.ofSeconds(20)).until(() -> checkpoints(key), l -> !l.isEmpty()).getFirst();
        assertThat(cp.path("trigger").asText()).isEqualTo("auto");
        assertThat(cp.path("first_kept_seq").asLong()).isEqualTo(18);
    }
}
