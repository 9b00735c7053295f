package dev.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the CLI prints while importing: bars on a terminal, one line per file in a pipe. */
class ProgressTest {
    @Test
    void a_terminal_gets_a_bar_per_file_and_one_for_the_run_with_rate_and_eta() {
        var out = new ByteArrayOutputStream();
        var p = new TerminalProgress(new PrintStream(out, true, StandardCharsets.UTF_8));
        p.started(2, 2_000);
        p.fileStarted(Path.of("/h/a.jsonl"), 1_000);
        p.advanced(500, 40);
        p.fileDone(Path.of("/h/a.jsonl"), 1_000, 80, 0, null);
        p.fileStarted(Path.of("/h/b.jsonl"), 1_000);
        p.fileDone(Path.of("/h/b.jsonl"), 1_000, 0, 0, "cannot read: gone");
        p.finished();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[########################] 100% a.jsonl  80 msgs");
        assertThat(text).contains("[############............]  50% 1/2 files  80 msgs").contains("msg/s  ETA");
        assertThat(text).contains("[########################] 100% 2/2 files");
        assertThat(text).contains("/h/b.jsonl: error: cannot read: gone");
        assertThat(text).contains("\033[1A"); // redrawn in place
    }

    @Test
    void a_pipe_gets_one_line_per_file_and_following_only_the_files_that_changed() {
        var out = new ByteArrayOutputStream();
        var all = new LineProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        all.fileDone(Path.of("/h/a.jsonl"), 2_048, 12, 1, null);
        all.fileDone(Path.of("/h/b.jsonl"), 10, 0, 0, null);
        var changes = new LineProgress(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        changes.fileDone(Path.of("/h/c.jsonl"), 10, 0, 0, null);
        changes.fileDone(Path.of("/h/d.jsonl"), 10, 3, 0, null);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "/h/a.jsonl: 12 imported, 1 rejected (2.0 KiB)", "/h/b.jsonl: 0 imported (10 B)", "/h/d.jsonl: 3 imported (10 B)");
    }
}
