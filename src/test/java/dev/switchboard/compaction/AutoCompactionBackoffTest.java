package dev.switchboard.compaction;

import static dev.switchboard.compaction.CompactionClient.path;
import static dev.switchboard.compaction.CompactionClient.summarizer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A failing automatic summary backs off (1 min, doubling) instead of retrying in a loop, and says so in /metrics. */
@EachStore
class AutoCompactionBackoffTest {
    static final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.auto", true).set("compaction.agent", "broken")
                    .set("compaction.keep_last", 2).set("compaction.max_messages", 6).set("compaction.check_every", "1h")).clock(clock);
    static CompactionClient c;

    @BeforeEachStore
    static void start() {
        c = new CompactionClient(server.admin());
        c.putAgent("broken", summarizer("fail"));
    }

    private static List<JsonNode> attempts(String key) {
        var out = new ArrayList<JsonNode>();
        c.api.get(path(key) + "/checkpoints").json().path("items").forEach(out::add);
        out.forEach(cp -> c.awaitEnd(key, cp.path("id").asText()));
        return out;
    }

    private static void sweep() {
        server.server().autoCompaction().sweep();
    }

    @Test
    void failed_attempts_back_off_one_minute_then_two() {
        String key = c.session("auto-backoff");
        c.appendTexts(key, 1, 8);
        sweep();
        assertThat(attempts(key)).hasSize(1);
        assertThat(c.awaitEnd(key, attempts(key).getFirst().path("id").asText()).path("status").asText()).isEqualTo("failed");
        sweep();
        clock.advance(Duration.ofSeconds(50));
        sweep();
        assertThat(attempts(key)).as("within the first minute").hasSize(1);
        clock.advance(Duration.ofSeconds(11));
        sweep();
        assertThat(attempts(key)).hasSize(2);
        clock.advance(Duration.ofSeconds(90));
        sweep();
        assertThat(attempts(key)).as("the second backoff is two minutes").hasSize(2);
        clock.advance(Duration.ofSeconds(31));
        sweep();
        assertThat(attempts(key)).hasSize(3);
        assertThat(attempts(key)).allMatch(cp -> cp.path("trigger").asText().equals("auto"));
        assertThat(c.context(key, "").path("checkpoint_id").isNull()).as("failures never changed the context").isTrue();
        String metrics = server.anonymous().get("/metrics").body();
        assertThat(metrics).contains("switchboard_compaction_auto_checks_total{decision=\"backoff\"}")
                .contains("switchboard_compactions_total{outcome=\"failed\",strategy=\"summarize\",trigger=\"auto\"} 3.0");
    }
}
