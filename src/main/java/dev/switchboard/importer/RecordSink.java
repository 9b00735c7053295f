package dev.switchboard.importer;

/**
 * Where a reader hands what it reads, in order: a session before any of its messages, then its messages
 * in the order of the source's active branch. Implemented by the {@link ImportWriter}.
 */
public interface RecordSink {
    /** A source session; may come again with a newer title or model. */
    void session(SourceSession session);

    void message(SourceMessage message);

    /**
     * The source no longer continues from the newest imported message of {@code key} (a rewound branch, a
     * rewritten file): the reader will hand every message of the new history, and the writer must skip those
     * already imported rather than rely on the position.
     */
    void historyChanged(String key, String detail);

    /** A line (or row) that could not be read; never fatal. */
    void rejected(long line, String why);

    /** Lines of a type that maps to no message (bookkeeping, unknown types), counted per type. */
    void skipped(String type, long count);

    /** Something worth telling that is no error: a line whose invalid UTF-8 was replaced, a newer schema. */
    void warning(long line, String why);

    /** A line whose invalid UTF-8 was replaced (U+FFFD) to read it: imported, and reported. */
    default void repaired(long line) {
        warning(line, "invalid UTF-8 replaced with U+FFFD");
    }

    /** The reader is done with every byte before {@code offset} (progress; never beyond a held-back line). */
    void consumed(long offset);
}
