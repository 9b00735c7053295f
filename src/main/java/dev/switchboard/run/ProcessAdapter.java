package dev.switchboard.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local program for one run. The argv list is executed directly (never through a shell), in
 * {@code workdir}, with an environment holding only the agent's allow-listed variables plus
 * {@code SWITCHBOARD_RUN_ID}, {@code SWITCHBOARD_SESSION_KEY} and {@code SWITCHBOARD_AGENT}.
 * stdout and stderr go straight to {@code <data>/runs/<run-id>/stdout.log|stderr.log} (see
 * {@link StdoutFollower} for why files, not pipes); stdout is parsed by {@link StdoutProtocol}.
 *
 * <p>Stopping (abort, timeout, shutdown) sends SIGTERM to the process and its descendants, then SIGKILL
 * to whatever is still alive after the agent's grace period.
 */
public final class ProcessAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(ProcessAdapter.class);

    /** Records the pid and start time the moment the process exists (before any output is read). */
    @FunctionalInterface
    interface Started {
        void started(long pid, Instant startedAt);
    }

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

    @Override
    public Outcome run(AdapterRun run) throws InterruptedException {
        List<String> argv = new ArrayList<>(spec.command().size());
        for (String arg : spec.command()) argv.add(arg.replace("{prompt}", run.prompt()));
        var pb = new ProcessBuilder(argv);
        Process process;
        try {
            Files.createDirectories(run.runDir());
            pb.redirectOutput(stdoutLog(run.runDir()).toFile());
            pb.redirectError(stderrLog(run.runDir()).toFile());
            if (spec.workdir() != null) pb.directory(Path.of(spec.workdir()).toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            for (String name : spec.env()) {
                String value = System.getenv(name);
                if (value != null) env.put(name, value);
            }
            env.put("SWITCHBOARD_RUN_ID", run.run().id());
            env.put("SWITCHBOARD_SESSION_KEY", run.run().key());
            env.put("SWITCHBOARD_AGENT", run.run().agent());
            process = pb.start();
        } catch (IOException e) {
            return Outcome.failed("cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
        ProcessHandle handle = process.toHandle();
        started.started(handle.pid(), handle.info().startInstant().orElse(null));
        log.info("run {}: started pid {} ({})", run.run().id(), handle.pid(), argv.getFirst());
        writeInput(run, process);
        Outcome outcome = supervise(run, handle, 0);
        if (outcome != null && outcome.detached()) return outcome;
        int exit = process.waitFor();
        closeStdin();
        if (outcome != null) return new Outcome(false, exit, outcome.error());
        if (exit != 0) return new Outcome(false, exit, "exit code " + exit + lastErrorLine(run.runDir()));
        return new Outcome(true, exit, null);
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
        if (Files.exists(file)) StdoutFollower.follow(file, fromOffset, null, new StdoutProtocol(out), () -> false);
    }

    /** Follows stdout until the process exits; returns null when it ended on its own, else how it was stopped. */
    private Outcome supervise(AdapterRun run, ProcessHandle handle, long fromOffset) throws InterruptedException {
        var terminator = new Terminator(handle, spec.grace());
        // On server shutdown the process is left running (detached) to be re-attached by the next start,
        // exactly as after a crash; any other stop reason terminates it.
        run.stop().onStop(() -> {
            if (run.stop().reason() != StopSignal.Reason.SHUTDOWN) terminator.stop();
        });
        BooleanSupplier detach = () -> run.stop().reason() == StopSignal.Reason.SHUTDOWN;
        try {
            StdoutFollower.follow(stdoutLog(run.runDir()), fromOffset, handle, new StdoutProtocol(run.out()), detach);
        } catch (IOException | RuntimeException e) {
            // Output can no longer be recorded: don't leave the agent running unsupervised.
            terminator.stop();
            waitQuietly(handle);
            if (e instanceof RuntimeException re) throw re;
            return Outcome.failed("reading stdout failed: " + e.getMessage());
        } catch (InterruptedException e) {
            terminator.stop();
            throw e;
        }
        if (detach.getAsBoolean()) return Outcome.detachedForRestart();
        return terminator.stoppedHow();
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

    private static String lastErrorLine(Path runDir) {
        try {
            var lines = LogTail.lastLines(stderrLog(runDir), 1);
            if (lines.isBlank()) return "";
            String l = lines.strip();
            return ": " + (l.length() > 300 ? l.substring(0, 300) + "…" : l);
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitQuietly(ProcessHandle handle) {
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // best effort; the terminator has already escalated to SIGKILL
        }
    }

    /** SIGTERM now, SIGKILL after the grace period, to the process and every descendant. */
    static final class Terminator {
        private final ProcessHandle handle;
        private final Duration grace;
        private final AtomicBoolean stopping = new AtomicBoolean();
        private volatile boolean killed;

        Terminator(ProcessHandle handle, Duration grace) {
            this.handle = handle;
            this.grace = grace;
        }

        void stop() {
            if (!stopping.compareAndSet(false, true)) return;
            List<ProcessHandle> family = new ArrayList<>(handle.descendants().toList());
            handle.destroy();
            family.forEach(ProcessHandle::destroy);
            Thread.ofVirtual().name("run-kill-" + handle.pid()).start(() -> {
                try {
                    handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    killed = true;
                    family.addAll(handle.descendants().toList());
                    handle.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException ignored) {
                    // fall through: make sure nothing of the family survives
                }
                family.forEach(ProcessHandle::destroyForcibly);
            });
        }

        Outcome stoppedHow() {
            if (!stopping.get()) return null;
            return Outcome.failed(killed
                    ? "killed with SIGKILL after " + grace.toSeconds() + " s grace (SIGTERM was not enough)"
                    : "stopped with SIGTERM");
        }
    }
}
