package dev.switchboard;

import dev.switchboard.store.Ulid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's name in the cluster (run ownership, logs): kept in {@code node.id} in the data directory, so a node
 * restarted on the same data directory recognises the runs it owned (and can re-attach their processes). Every node
 * of a PostgreSQL cluster needs a data directory of its own.
 */
final class NodeId {
    private NodeId() {}

    static String of(Path dataDir) {
        Path file = dataDir.resolve("node.id");
        try {
            if (Files.exists(file)) return Files.readString(file).strip();
            if (!Files.isDirectory(dataDir)) {
                // Private (0700), as the store creates it: it will hold the admin token and run logs.
                try {
                    Files.createDirectories(dataDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(dataDir);
                }
            }
            String id = "node-" + Ulid.next().toLowerCase(java.util.Locale.ROOT);
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
