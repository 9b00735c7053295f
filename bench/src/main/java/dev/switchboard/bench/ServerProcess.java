package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server jar in its own JVM, as an operator would run it ({@code java -jar switchboard.jar serve}),
 * on loopback with a data directory the harness chose. Start-up is measured from spawning the process to
 * the first {@code /readyz} = 200, so it includes JVM start, migrations and opening the store.
 *
 * <p>Process figures come from {@code /proc/<pid>} (RSS, CPU ticks, threads, open files) and the server's
 * own {@code /metrics}, so they describe the server and not the load generator sharing the machine.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture we run on. */
    private static final long TICKS_PER_SECOND = 100;

    private final Process process;
    private final String url;
    private final String token;
    private final Path dataDir;
    private final Path log;
    private final Duration startup;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(Process process, String url, Path dataDir, Path log, Duration startup) throws IOException {
        this.process = process;
        this.url = url;
        this.dataDir = dataDir;
        this.log = log;
        this.startup = startup;
        this.token = Files.readString(dataDir.resolve("admin.token")).trim();
    }

    /** Starts the jar on a free loopback port and returns once {@code /readyz} answers 200. */
    public static ServerProcess start(Path jar, Path dataDir, Path log, List<String> jvmArgs) {
        return start(jar, dataDir, log, jvmArgs, List.of());
    }

    /** @param serveArgs more arguments for {@code serve}, e.g. {@code --config file.toml} */
    public static ServerProcess start(Path jar, Path dataDir, Path log, List<String> jvmArgs, List<String> serveArgs) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(log.getParent());
            int port = freePort();
            var cmd = new ArrayList<String>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-jar", jar.toString(), "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                    "--data", dataDir.toString()));
            cmd.addAll(serveArgs);
            var pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            String url = "http://127.0.0.1:" + port;
            long t0 = System.nanoTime();
            Process p = pb.start();
            Duration startup = awaitReady(p, url, log, t0);
            return new ServerProcess(p, url, dataDir, log, startup);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Duration awaitReady(Process p, String url, Path log, long t0) throws IOException {
        // A client of its own: polling starts before the port is open, and a refused connect fails in microseconds.
        try (var poll = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            var ready = HttpRequest.newBuilder(URI.create(url + "/readyz")).timeout(Duration.ofSeconds(5)).build();
            long deadline = t0 + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException("server exited with " + p.exitValue() + "; log:\n" + tail(log));
                try {
                    if (poll.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return Duration.ofNanos(System.nanoTime() - t0);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the server", e);
        }
        p.destroyForcibly();
        throw new IllegalStateException("server not ready after " + START_TIMEOUT + "; log:\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String url() { return url; }

    public String token() { return token; }

    public Path dataDir() { return dataDir; }

    public long pid() { return process.pid(); }

    public Duration startup() { return startup; }

    /** Resident set size from {@code /proc/<pid>/status} (VmRSS). */
    public long rssBytes() {
        return statusField("VmRSS:") * 1024;
    }

    public long threads() {
        return statusField("Threads:");
    }

    public long openFiles() {
        try (var s = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU time the server has used so far, from {@code /proc/<pid>/stat}. */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
            // Fields after the command name (which may contain spaces) start at state = field 3; utime is 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    public PromText metrics() {
        try {
            var req = HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(10)).build();
            return new PromText(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Heap in use after a full GC ({@code jcmd GC.run}), so retained memory is compared, not garbage. */
    public long heapAfterGc() {
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid()), "GC.run"));
        return heapUsed();
    }

    public long heapUsed() {
        return (long) metrics().sum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /**
     * Makes the JVM's ahead-of-time cache of {@code jar}'s start-up in {@code cache} the way {@code ./switchboard serve}
     * makes it: a training run ({@code train-startup}) under {@code -XX:AOTCacheOutput}.
     */
    public static void trainAotCache(Path jar, Path cache) {
        try {
            Files.createDirectories(cache.getParent());
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining", "-XX:AOTCacheOutput=" + cache,
                "-Xlog:aot=error", "-Xlog:cds=off", "-jar", jar.toString(), "train-startup"));
        if (!Files.isRegularFile(cache)) throw new IllegalStateException("the training run wrote no AOT cache " + cache);
    }

    /** The flags {@code ./switchboard serve} starts the server with once the cache exists. */
    public static List<String> aotCacheFlags(Path cache) {
        return List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("failed: " + String.join(" ", cmd));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook, no drain; what was acknowledged must already be durable. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an operator's stop would send: the server drains its writer and closes the store. */
    @Override
    public void close() {
        http.close();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public Path log() { return log; }
}
