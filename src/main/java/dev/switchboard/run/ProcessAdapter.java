package dev.switchboard.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local program for one run. The argv list is executed directly (never through a shell), in
 * {@code workdir}, with an environment holding only the agent's allow-listed variables plus
 * {@code SWITCHBOARD_RUN_ID}, {@code SWITCHBOARD_SESSION_KEY} and {@code SWITCHBOARD_AGENT}.
 * stdout and stderr go to {@code <data>/runs/<run-id>/stdout.log|stderr.log} (see {@link StdoutFollower} for
 * why files, not pipes into the server; on Linux the launcher copies them there and into {@code output.log},
 * both in order); stdout is parsed by {@link StdoutProtocol}.
 *
 * <p>Stopping (abort, timeout) sends SIGTERM to every process of the agent, then SIGKILL to whatever is still
 * alive after the agent's grace period ({@link ProcessTree}); on Linux that includes the processes it left
 * behind, which the {@link ProcessLaunch launcher} keeps within reach. Server shutdown detaches instead.
 */
public final class ProcessAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(ProcessAdapter.class);

    /** Records the pid and start time the moment the process exists (before any output is read). */
    @FunctionalInterface
    interface Started {
        void started(long pid, Instant startedAt);
    }

    /** A bound on waits for a process that has exited, or been killed, to be reaped. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final AgentSpec.Process spec;
    private final Started started;
    private volatile OutputStream stdin;

    ProcessAdapter(AgentSpec.Process spec, Started started) {
        this.spec = spec;
        this.started = started;
    }

    public static Path stdoutLog(Path runDir) {
        return runDir.resolve("stdout.log");
    }

    public static Path stderrLog(Path runDir) {
        return runDir.resolve("stderr.log");
    }

    /** Both streams in the order they were written, each line prefixed (made by the launcher, so Linux only). */
    public static Path interleavedLog(Path runDir) {
        return runDir.resolve("output.log");
    }

    @Override
    public Outcome run(AdapterRun run) throws InterruptedException {
        // What the run's start recorded as its launch (placeholders replaced, resume arguments added) is what runs.
        List<String> launched = Launch.argv(run.run().launch());
        List<String> argv = new ArrayList<>();
        for (String arg : launched != null ? launched : spec.command()) argv.add(arg.replace("{prompt}", run.prompt()));
        var pb = ProcessLaunch.builder(argv, environment(run.run()), spec.grace(), interleavedLog(run.runDir()));
        Process process;
        try {
            Files.createDirectories(run.runDir());
            pb.redirectOutput(stdoutLog(run.runDir()).toFile());
            pb.redirectError(stderrLog(run.runDir()).toFile());
            String workdir = workdir(run.run());
            if (workdir != null) {
                // Java would blame the program ("Cannot run program …"); say which one is missing.
                if (!Files.isDirectory(Path.of(workdir))) {
                    return Outcome.failed("cannot start " + argv.getFirst() + ": its workdir " + workdir
                            + " does not exist (any more)");
                }
                pb.directory(Path.of(workdir).toFile());
            }
            process = pb.start();
        } catch (IOException e) {
            return Outcome.failed("cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
        ProcessHandle handle = process.toHandle();
        try {
            started.started(handle.pid(), handle.info().startInstant().orElse(null));
        } catch (RuntimeException e) {
            // Without its pid on record a restarted server could not find it again: it must not run unsupervised.
            new ProcessTree(handle, spec.grace()).stop();
            waitQuietly(handle);
            return Outcome.failed("recording the process's pid failed: " + e.getMessage());
        }
        log.info("run {}: started pid {} ({})", run.run().id(), handle.pid(), argv.getFirst());
        writeInput(run, process);
        Outcome outcome = supervise(run, handle, 0);
        if (outcome != null && outcome.detached()) return outcome;
        // The follower returned because the process exited: this only waits for the JDK to reap it.
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            new ProcessTree(handle, spec.grace()).stop();
            return Outcome.failed("the process (pid " + handle.pid() + ") was still running after its stdout ended");
        }
        int exit = process.exitValue();
        closeStdin();
        if (outcome != null) return new Outcome(false, exit, outcome.error());
        if (exit == 0) return RunReport.collect(run, workdir(run.run()), expectsReport(run.run()));
        String stderr = lastErrorLine(run.runDir());
        String notStarted = ProcessLaunch.startFailure(exit, stderr);
        if (notStarted != null) return Outcome.failed(notStarted);
        return new Outcome(false, exit, "exit code " + exit + (stderr == null ? "" : ": " + shorten(stderr)));
    }

    /** The run's own workdir (checked against the agent's roots when it was asked for), else its launch's, else the agent's. */
    private String workdir(Run run) {
        if (run.options().workdir() != null) return run.options().workdir();
        return run.launch() != null ? Launch.workdir(run.launch()) : spec.workdir();
    }

    private String expectsReport(Run run) {
        return run.options().expectsReport() != null ? run.options().expectsReport() : spec.expectsReport();
    }

    /** Only the allow-listed variables of the server's environment, and the run's identifiers. */
    private Map<String, String> environment(Run run) {
        var env = new LinkedHashMap<String, String>();
        for (String name : spec.env()) {
            String value = System.getenv(name);
            if (value != null) env.put(name, value);
        }
        env.put("SWITCHBOARD_RUN_ID", run.id());
        env.put("SWITCHBOARD_SESSION_KEY", run.key());
        env.put("SWITCHBOARD_AGENT", run.agent());
        return env;
    }

    /**
     * Supervises a process started by an earlier server process, found alive after a restart. Its stdin
     * is gone and its exit status can't be observed (it is not our child): the run ends when the process
     * does, with {@code exit_code} null.
     */
    public Outcome reattach(AdapterRun run, ProcessHandle handle) throws InterruptedException {
        log.info("run {}: re-attached to pid {}", run.run().id(), handle.pid());
        Outcome outcome = supervise(run, handle, run.run().outputOffset());
        return outcome != null ? outcome : new Outcome(true, null, null);
    }

    /**
     * Reads what a process that died unsupervised (server crash) wrote after {@code fromOffset}, so a lost
     * run's last output still reaches the transcript.
     */
    static void drainLog(Path runDir, long fromOffset, OutputSink out) throws IOException, InterruptedException {
        Path file = stdoutLog(runDir);
        if (Files.exists(file)) StdoutFollower.follow(file, fromOffset, null, new StdoutProtocol(out), () -> false, () -> {});
    }

    /** Tells the run's output each time stderr has grown since the last look (a stat per idle poll of stdout). */
    private static Runnable stderrGrowth(AdapterRun run) {
        Path stderr = stderrLog(run.runDir());
        long[] seen = {stderr.toFile().length()};
        return () -> {
            long size = stderr.toFile().length();
            if (size <= seen[0]) return;
            seen[0] = size;
            run.out().logWritten();
        };
    }

    /** Follows stdout until the process exits; returns null when it ended on its own, else how it was stopped. */
    private Outcome supervise(AdapterRun run, ProcessHandle handle, long fromOffset) throws InterruptedException {
        var tree = new ProcessTree(handle, spec.grace());
        // On server shutdown the process is left running (detached) to be re-attached by the next start,
        // exactly as after a crash; any other stop reason terminates it.
        run.stop().onStop(() -> {
            if (run.stop().reason() != StopSignal.Reason.SHUTDOWN) tree.stop();
        });
        BooleanSupplier detach = () -> run.stop().reason() == StopSignal.Reason.SHUTDOWN;
        try {
            StdoutFollower.follow(stdoutLog(run.runDir()), fromOffset, handle, new StdoutProtocol(run.out()), detach,
                    stderrGrowth(run));
        } catch (IOException | RuntimeException e) {
            // Output can no longer be recorded: don't leave the agent running unsupervised.
            tree.stop();
            waitQuietly(handle);
            if (e instanceof RuntimeException re) throw re;
            return Outcome.failed("reading stdout failed: " + e.getMessage());
        } catch (InterruptedException e) {
            tree.stop();
            throw e;
        }
        if (detach.getAsBoolean()) return Outcome.detachedForRestart();
        return tree.stoppedHow();
    }

    private void writeInput(AdapterRun run, Process process) {
        OutputStream in = process.getOutputStream();
        String first = spec.jsonl()
                ? DirectiveText.inputLine(run.run(), run.input(), run.directives(), run.context().get()) + "\n"
                : spec.promptInArgv() ? "" : run.prompt();
        // A virtual thread: a program that never reads stdin must not block the supervisor on a full pipe.
        Thread.ofVirtual().name("run-stdin-" + run.run().id()).start(() -> {
            try {
                in.write(first.getBytes(StandardCharsets.UTF_8));
                in.flush();
                // Live directives may follow only once the input line is out, so they can't overtake it.
                if (spec.jsonl()) stdin = in;
                else in.close();
            } catch (IOException e) {
                log.debug("run {}: stdin closed early: {}", run.run().id(), e.getMessage());
            }
        });
    }

    /** Sends one JSON line to a running {@code jsonl} agent; false when its stdin is not (or no longer) open. */
    boolean sendLine(String json) {
        OutputStream in = stdin;
        if (in == null) return false;
        synchronized (this) {
            try {
                in.write((json + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    boolean acceptsLiveInput() {
        return stdin != null;
    }

    private void closeStdin() {
        OutputStream in = stdin;
        stdin = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the process is gone; nothing to tell it
            }
        }
    }

    /** The last line of the run's stderr, or null when there is none. */
    private static String lastErrorLine(Path runDir) {
        try {
            String l = LogTail.lastLines(stderrLog(runDir), 1).strip();
            return l.isEmpty() ? null : l;
        } catch (IOException e) {
            return null;
        }
    }

    private static String shorten(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void waitQuietly(ProcessHandle handle) {
        try {
            ProcessTree.exits(handle, EXIT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
