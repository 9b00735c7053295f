package dev.switchboard.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What the follower knows of a file after reading it: its identity, size and modification time then, and how
 * far the reader got ({@code offset}, below the size while a line is incomplete or a message waits for the line
 * after it). Only a shortcut to skip unchanged files: the transcript decides what is imported.
 *
 * @param settled the last read was complete (nothing waits for the file to go quiet)
 */
public record FileMark(String path, String fileKey, long size, long modifiedMillis, long offset, boolean settled) {

    /** A file as it is now: identity (inode), size, modification time; a hermes state.db includes its WAL. */
    public static FileMark stat(Path file) throws IOException {
        var a = Files.readAttributes(file, BasicFileAttributes.class);
        long size = a.size();
        long modified = a.lastModifiedTime().toMillis();
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (file.getFileName().toString().endsWith(".db") && Files.exists(wal)) {
            var w = Files.readAttributes(wal, BasicFileAttributes.class);
            size += w.size();
            modified = Math.max(modified, w.lastModifiedTime().toMillis());
        }
        return new FileMark(file.toString(), Objects.toString(a.fileKey(), ""), size, modified, 0, false);
    }

    /** Same identity, size and time: nothing was written since. */
    public boolean sameFile(FileMark now) {
        return fileKey.equals(now.fileKey) && size == now.size && modifiedMillis == now.modifiedMillis;
    }

    public FileMark read(long newOffset, boolean complete) {
        return new FileMark(path, fileKey, size, modifiedMillis, newOffset, complete);
    }
}
