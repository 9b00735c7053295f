package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compaction.CompactionClient;
import dev.switchboard.json.Json;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code switchboard sessions compact} and {@code switchboard sessions context} against a real server. */
@EachStore
class CompactCommandTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.withConfig(cfg -> cfg.set("compaction.agent", "summarizer").set("compaction.min_messages", 2));
    static CompactionClient c;

    @BeforeEachStore
    static void start() {
        c = new CompactionClient(server.admin());
        c.putAgent("summarizer", CompactionClient.summarizer("sleep", "1"));
        c.putAgent("broken", CompactionClient.summarizer("fail"));
    }

    static String[] withServer(String... args) {
        var all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--url", server.url(), "--token", server.adminToken()));
        return all.toArray(String[]::new);
    }

    @Test
    void compact_follow_waits_for_the_summary_and_context_shows_it() {
        c.session("cli-compact");
        c.appendTexts("cli-compact", 1, 10);
        CliTest.Run r = CliTest.cli(withServer("sessions", "compact", "cli-compact", "--keep-last", "3", "--follow"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("running (summarize)").contains("active (summarize): covers 1–7, keeps from 8")
                .contains("[#7 user] m7");
        CliTest.Run ctx = CliTest.cli(withServer("sessions", "context", "cli-compact"));
        assertThat(ctx.code()).as(ctx.err()).isZero();
        assertThat(ctx.out()).startsWith("[Summary of the conversation before message #8]").contains("#8 assistant: m8")
                .contains("#10 assistant: m10").doesNotContain("#7 user: m7");
        CliTest.Run openai = CliTest.cli(withServer("sessions", "context", "cli-compact", "--format", "openai"));
        assertThat(Json.readStored(openai.out()).path("messages")).hasSize(4);
    }

    @Test
    void a_failed_summary_exits_1_with_the_error_and_truncate_needs_no_follow() {
        c.session("cli-compact-fail");
        c.appendTexts("cli-compact-fail", 1, 10);
        CliTest.Run r = CliTest.cli(withServer("sessions", "compact", "cli-compact-fail", "--agent", "broken", "--keep-last", "2", "--follow"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("failed").contains("exit code 3");
        CliTest.Run t = CliTest.cli(withServer("sessions", "compact", "cli-compact-fail", "--strategy", "truncate",
                "--keep-last", "2", "--json"));
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(Json.readStored(t.out()).path("status").asText()).isEqualTo("active");
    }
}
