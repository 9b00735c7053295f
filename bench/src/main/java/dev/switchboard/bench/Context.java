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
public record Context(Scale scale, Path jar, Path work, Path results, String stamp, boolean profile, int fdLimit) {

    /** A fresh, empty data directory for {@code name}. */
    public Path freshDataDir(String name) {
        Path dir = work.resolve(name).resolve("data");
        deleteTree(dir);
        return dir;
    }

    public ServerProcess startServer(String name, Path dataDir, List<String> jvmArgs) {
        return ServerProcess.start(jar, dataDir, work.resolve(name).resolve("server.log"), jvmArgs);
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
