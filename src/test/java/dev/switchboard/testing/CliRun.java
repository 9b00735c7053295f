package dev.switchboard.testing;

import dev.switchboard.cli.SwitchboardCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI in-process through picocli, capturing what it prints to {@code System.out} and {@code System.err}
 * (commands print there, not to picocli's writers). Calls are serialised: the streams are global.
 */
public final class CliRun {
    public record Result(int code, String out, String err) {}

    private CliRun() {}

    public static synchronized Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var cl = SwitchboardCommand.commandLine();
            cl.setErr(new PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
