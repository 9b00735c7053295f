package dev.switchboard.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One source format. Adding a format means adding one of these to {@link Readers}: the writer, the CLI and
 * the server's follower work with any reader.
 *
 * <p>Contract: {@link #read} streams (never holds a file's contents in memory; a compact per-line index is
 * fine), never modifies the source, survives malformed and unknown lines (reported through the sink, never
 * thrown), leaves an incomplete last line unconsumed, and hands over only what comes after each session's
 * {@link SourceRef} point. It throws {@link IOException} only when the file as a whole can't be read.
 */
public interface SourceReader {
    /** The kind name used on the command line and in {@code [[sources]]}, e.g. {@code claude-code}. */
    String kind();

    /** Where this format lives by default, relative to the user's home directory. */
    List<Path> defaultPaths(Path home);

    /** The files under {@code path} (a directory or one file) that this reader reads, in import order. */
    List<Path> files(Path path) throws IOException;

    /** Reads one of {@link #files}. */
    void read(Path file, ReadContext context) throws IOException;
}
