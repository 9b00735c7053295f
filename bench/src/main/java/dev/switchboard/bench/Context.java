package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every scenario gets: the scale, the server jar, a work directory on the same disk as a real data
 * directory would be (never tmpfs: an fsync there costs nothing and durability numbers would lie), and
 * where profiles go.
 */
public record Context(Scale scale, Path jar, Path work, Path results, String stamp, boolean profile, int fdLimit,
                      BenchStore store) {

    /** A fresh, empty data directory for {@code name} (and, on PostgreSQL, a fresh database). */
    public Path freshDataDir(String name) {
        Path dir = work.resolve(name).resolve("data");
        deleteTree(dir);
        try {
            store.fresh(name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the database of " + name, e);
        }
        return dir;
    }

    /** The server of scenario {@code name} on the bench's store ({@code name}'s database on PostgreSQL). */
    public ServerProcess startServer(String name, Path dataDir, List<String> jvmArgs) {
        return ServerProcess.start(jar, dataDir, work.resolve(name).resolve("server.log"), jvmArgs, store.serveArgs(name));
    }

    /** Scenario {@code name}'s server again, on the same data directory and database (after a kill), logging apart. */
    public ServerProcess restartServer(String name, Path dataDir) {
        return ServerProcess.start(jar, dataDir, work.resolve(name).resolve("server-restarted.log"), List.of(),
                store.serveArgs(name));
    }

    /**
     * A second node of scenario {@code name} on the same database (PostgreSQL only), with a data directory of its own
     * holding the first node's admin token.
     */
    public ServerProcess startPeer(String name, ServerProcess first) {
        Path dir = work.resolve(name + "-peer").resolve("data");
        deleteTree(dir);
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.copy(first.dataDir().resolve("admin.token"), dir.resolve("admin.token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerProcess.start(jar, dir, work.resolve(name + "-peer").resolve("server.log"), List.of(),
                store.serveArgs(name));
    }

    public ServerProcess startServer(String name, Path dataDir, List<String> jvmArgs, List<String> serveArgs) {
        return ServerProcess.start(jar, dataDir, work.resolve(name).resolve("server.log"), jvmArgs, serveArgs);
    }

    /** JVM flags that record a JFR profile of the server into {@code file}, written when it stops. */
    public static List<String> flightRecording(Path file) {
        return List.of("-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true");
    }

    public void log(String fmt, Object... args) {
        System.err.printf("[bench] " + fmt + "%n", args);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
