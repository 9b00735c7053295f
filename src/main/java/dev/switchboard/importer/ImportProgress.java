package dev.switchboard.importer;

import java.nio.file.Path;

/** Progress of an import run, for the CLI's bars (a terminal) or lines (a pipe). All calls come from one thread. */
public interface ImportProgress {
    ImportProgress NONE = new ImportProgress() {};

    default void started(int files, long totalBytes) {}

    default void fileStarted(Path file, long bytes) {}

    /** Within the current file: bytes the reader is done with, messages written so far. */
    default void advanced(long fileBytesDone, long fileMessages) {}

    /** @param error why the file could not be read, or null */
    default void fileDone(Path file, long bytes, long messages, long rejected, String error) {}

    default void finished() {}
}
