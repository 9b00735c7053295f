package dev.switchboard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The server as a separate OS process started through the {@code ./switchboard} launcher, exactly as
 * the README tells users to, for tests that need a real process: first start, {@code kill -9}.
 * Used by failsafe {@code *IT} classes, which run after the jar is packaged.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Switchboard (http://\\S+)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> url = new CompletableFuture<>();
    /** Completed once the process's output has ended (it exited, or closed its stdout). */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Path dataDir;

    private ServerProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        Thread.ofVirtual().start(this::pump);
    }

    /** Runs {@code ./switchboard serve --port 0 --data dataDir extraArgs...} from the project directory. */
    public static ServerProcess start(Path dataDir, String... extraArgs) {
        return start(dataDir, java.util.Map.of(), extraArgs);
    }

    /**
     * {@code ./switchboard prepare}, once per test JVM before the first server: otherwise whichever test starts the
     * first server of a build also sees the launcher preparing the start-up cache (≈ 10 s and two more lines).
     */
    private static final class StartupCache {
        static {
            try {
                var p = new ProcessBuilder(launcher().toString(), "prepare").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void ready() {}
    }

    /** {@link #start(Path, String...)} with {@code env} added to the environment. */
    public static ServerProcess start(Path dataDir, java.util.Map<String, String> env, String... extraArgs) {
        StartupCache.ready();
        var cmd = new ArrayList<>(List.of(launcher().toString(), "serve", "--data", dataDir.toString()));
        if (!List.of(extraArgs).contains("--port")) cmd.addAll(List.of("--port", "0"));
        cmd.addAll(List.of(extraArgs));
        try {
            var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("SWITCHBOARD_TOKEN");
            pb.environment().putAll(env);
            return new ServerProcess(pb.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path launcher() {
        return Path.of(System.getProperty("user.dir")).resolve("switchboard");
    }

    private void pump() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                var m = URL.matcher(line);
                if (m.find()) url.complete(m.group(1));
            }
        } catch (IOException ignored) {
            // the process died; waitForUrl reports it
        }
        url.completeExceptionally(new IllegalStateException("server exited: " + String.join("\n", output)));
        drained.complete(null);
    }

    /** Sends SIGTERM (a graceful stop, as Ctrl-C or a supervisor would) and waits for the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() also closes our end of its output, losing what it logs while stopping.
        process.toHandle().destroy();
        return waitForExit(timeout);
    }

    /** Everything the process printed, once it has exited. */
    public String outputAfterExit() {
        try {
            drained.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("output did not end; so far:\n" + String.join("\n", output), e);
        }
        return String.join("\n", output);
    }

    /** The URL the server printed once listening. */
    public String url() {
        try {
            return url.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start; output:\n" + String.join("\n", output), e);
        }
    }

    public String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http admin() {
        return new Http(url(), adminToken());
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, exactly a crash. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("still running");
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
