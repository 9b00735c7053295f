package dev.switchboard.run;

import dev.switchboard.run.launch.Invocation;
import dev.switchboard.run.launch.Launcher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a process agent is started. On Linux its argv runs under the {@link Launcher} — a small JVM of this
 * server's own JDK and jar that starts a session of its own, becomes the agent's child subreaper and ends
 * whatever the agent leaves behind — so abort, timeout and SIGKILL reach every process the agent started
 * ({@link ProcessTree}). It costs one JVM per running process agent (≈ 0.1 s to start, ≈ 50 MB resident, most
 * of it shared pages of the JDK). Elsewhere, or without a java binary, the argv is started directly.
 */
final class ProcessLaunch {
    private static final Logger log = LoggerFactory.getLogger(ProcessLaunch.class);
    /** Read by the launcher's own JVM; handed to the agent through the launcher's {@code --env} instead. */
    private static final Set<String> JVM_OPTION_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    /**
     * A JVM that starts fast and stays small (it only waits and reaps), and never writes to stdout, which is the
     * agent's protocol: VM messages and unified logging go to stderr.
     */
    private static final List<String> LAUNCHER_JVM = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xmx32m", "-Xss512k", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
            "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr");
    private static final Optional<List<String>> LAUNCHER = launcherCommand();

    private ProcessLaunch() {}

    /**
     * The process to start for {@code argv} with environment {@code env} (the launcher's, or argv's own); the
     * launcher also writes stdout and stderr in order to {@code interleaved}. Without the launcher no such file
     * is made: two files redirected by the kernel keep no order between them.
     */
    static ProcessBuilder builder(List<String> argv, Map<String, String> env, Duration grace, Path interleaved) {
        var pb = new ProcessBuilder();
        pb.environment().clear();
        if (LAUNCHER.isEmpty()) {
            pb.command(argv);
            pb.environment().putAll(env);
            return pb;
        }
        var own = new LinkedHashMap<String, String>();
        env.forEach((k, v) -> {
            if (JVM_OPTION_VARIABLES.contains(k)) own.put(k, v);
            else pb.environment().put(k, v);
        });
        var program = new ArrayList<>(argv);
        // The launcher's PATH is the agent's (often none); the program is found on the server's, as it was
        // when the server started it itself.
        program.set(0, onServerPath(argv.getFirst()));
        var command = new ArrayList<>(LAUNCHER.get());
        command.addAll(new Invocation(grace, own, interleaved, program).toArgs());
        pb.command(command);
        return pb;
    }

    /** True when {@code p} is a launcher (its command line runs the launcher class). */
    static boolean isLauncher(ProcessHandle p) {
        return p.info().arguments().map(args -> List.of(args).contains(Launcher.class.getName())).orElse(false);
    }

    /**
     * Why the program could not be started, when the launcher said so (exit status 127 and its last stderr
     * line), as the error the server would have given itself; else null.
     */
    static String startFailure(int exit, String lastStderrLine) {
        String prefix = Launcher.PREFIX + "cannot start ";
        if (exit != Launcher.CANNOT_START || lastStderrLine == null || !lastStderrLine.startsWith(prefix)) return null;
        return lastStderrLine.substring(Launcher.PREFIX.length());
    }

    private static String onServerPath(String program) {
        String path = System.getenv("PATH");
        if (program.contains("/") || path == null) return program;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate.toString();
        }
        return program; // the launcher reports it as not found
    }

    private static Optional<List<String>> launcherCommand() {
        if (!"Linux".equals(System.getProperty("os.name"))) return Optional.empty();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isExecutable(java) || !Files.exists(classes)) throw new IOException(java + " or " + classes + " is missing");
            var command = new ArrayList<String>();
            command.add(java.toString());
            command.addAll(LAUNCHER_JVM);
            command.addAll(List.of("-cp", classes.toString(), Launcher.class.getName()));
            return Optional.of(List.copyOf(command));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            log.warn("process agents start without the launcher ({}): processes they leave behind may outlive their runs",
                    e.toString());
            return Optional.empty();
        }
    }
}
