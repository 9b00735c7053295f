package dev.switchboard;

import dev.switchboard.config.StartupFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Checks the data directory before the store opens it, so a directory that can't be used is reported by its
 * path and with what to do, instead of as a driver error ({@code SQLITE_CANTOPEN}) deep in a migration.
 */
final class DataDirectory {
    private DataDirectory() {}

    /** Creates {@code dir} (mode 0700: transcripts are private) if missing; fails unless it is a writable directory. */
    static void prepare(Path dir, Path dbFile) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw fail(abs + " is a file, not a directory", null);
        }
        try {
            if (!Files.isDirectory(abs)) create(abs);
            // Writable in fact, not only by its mode bits (root ignores them; read-only mounts don't).
            Files.delete(Files.createTempFile(abs, ".write-check", ""));
        } catch (IOException | SecurityException e) {
            throw fail("cannot write to " + abs + " (" + reason(e) + ")", e);
        }
        Path db = dbFile.toAbsolutePath().normalize();
        if (Files.exists(db) && !Files.isWritable(db)) throw fail(db + " is not writable", null);
    }

    private static void create(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    private static String reason(Exception e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
            case java.nio.file.FileAlreadyExistsException f -> "a file is in the way: " + f.getFile();
            default -> e.getClass().getSimpleName() + ": " + e.getMessage();
        };
    }

    private static StartupFailure fail(String what, Exception cause) {
        return new StartupFailure(StartupFailure.Kind.DATA_DIR, "data directory: " + what
                + "; choose another with --data (or SWITCHBOARD_DATA) or fix its permissions", cause);
    }
}
