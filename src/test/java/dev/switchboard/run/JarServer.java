package dev.switchboard.run;

import dev.switchboard.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code target/switchboard.jar}, system property {@code switchboard.jar}) as a separate
 * process, for tests that must kill it the hard way. Its stdout/stderr go to {@code <data>/server-N.log}.
 */
public final class JarServer implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Switchboard (http://\\S+)");
    private static int starts;

    private final Process process;
    private final String url;
    private final String adminToken;

    private JarServer(Process process, String url, String adminToken) {
        this.process = process;
        this.url = url;
        this.adminToken = adminToken;
    }

    public static JarServer start(Path dataDir, Path configFile) throws IOException, InterruptedException {
        String jar = System.getProperty("switchboard.jar");
        if (jar == null) throw new IllegalStateException("system property switchboard.jar is not set (run through failsafe)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "serve",
                "--port", "0", "--data", dataDir.toString()));
        if (configFile != null) cmd.addAll(List.of("--config", configFile.toString()));
        Path log = dataDir.resolve("server-" + (++starts) + ".log");
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var urlFound = new CompletableFuture<String>();
        // Copies the server's output to its log file, picking the URL from the "Switchboard http://…" line.
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    var m = URL.matcher(line);
                    if (m.find()) urlFound.complete(m.group(1));
                }
            } catch (IOException e) {
                urlFound.completeExceptionally(e);
            }
            urlFound.completeExceptionally(new IllegalStateException("server exited before printing its URL; see " + log));
        });
        String url;
        try {
            url = urlFound.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server did not start; see " + log, e);
        }
        String token = Files.readString(dataDir.resolve("admin.token")).trim();
        return new JarServer(p, url, token);
    }

    public Http admin() {
        return new Http(url, adminToken);
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, no shutdown hooks: what a crash or an OOM killer does. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
