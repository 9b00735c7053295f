package dev.switchboard.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory trees on disk (run logs, summarizer work directories, the start-up training's data directory). */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code dir} and everything under it, deepest first; a missing directory is not an error. */
    public static void delete(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
