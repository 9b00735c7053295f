package dev.switchboard.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What every fixture writer does: append one line (or raw bytes) to a transcript, as the tools themselves do. */
final class Fixtures {
    private Fixtures() {}

    static void appendLine(Path file, String line) {
        appendBytes(file, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void appendBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
