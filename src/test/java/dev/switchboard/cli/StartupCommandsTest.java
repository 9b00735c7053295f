package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a start runs before the server: the command tree {@code serve} gets, and the AOT cache's training run. */
class StartupCommandsTest {
    @Test
    void serve_gets_a_tree_of_its_own_command_and_still_explains_itself() {
        var serveOnly = SwitchboardCommand.commandLine(new String[] {"serve", "--port", "0"});
        assertThat(serveOnly.getSubcommands()).containsOnlyKeys("serve");
        var usage = serveOnly.getSubcommands().get("serve").getUsageMessage();
        assertThat(usage).startsWith("Usage: switchboard serve").contains("--data=<data>").contains("--store=<store>");

        var everything = SwitchboardCommand.commandLine(new String[] {"sessions", "ls"});
        assertThat(everything.getSubcommands()).containsKeys("serve", "tokens", "sessions", "messages", "mcp", "help");
        assertThat(everything.getUsageMessage()).doesNotContain(StartupTraining.NAME); // hidden
    }

    @Test
    void the_training_run_starts_a_server_exercises_it_and_leaves_nothing_behind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirs(tmp);
        var r = CliRun.run(StartupTraining.NAME);
        assertThat(r.code()).as(r.err()).isZero();
        // Every answer was the expected one (a wrong status ends the run with exit 1 and the answer's body).
        assertThat(r.err()).containsPattern("start-up training made \\d{2,} requests in \\d+ ms");
        assertThat(trainingDirs(tmp)).isEqualTo(before);
    }

    private static long trainingDirs(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("switchboard-training")).count();
        }
    }
}
