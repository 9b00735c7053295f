package dev.switchboard.importer;

import java.util.Optional;

/**
 * What a reader gets besides the file: what the target already holds of each session, where to put what it
 * reads, and whether the end of the file is the end of the conversation.
 *
 * @param complete true for a one-shot import: a message that waits for a following line (Codex usage) is
 *                 handed over at the end of the file; false while following a file that is still written
 */
public record ReadContext(ImportWriter writer, boolean complete) {
    /** The newest imported message of {@code key}: where the reader continues. */
    public Optional<SourceRef> known(String key) {
        return writer.existing(key).flatMap(ImportTarget.Existing::last);
    }

    /** What the target holds of {@code key}, if it exists (hermes reads the usage already imported). */
    public Optional<ImportTarget.Existing> existing(String key) {
        return writer.existing(key);
    }

    /** The key an earlier import gave a source session its index no longer names (see {@link ImportTarget#keyOfSourceSession}). */
    public Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId) {
        return writer.keyOfSourceSession(keyPrefix, sourceSessionId);
    }

    /** From now on, the writer skips messages of {@code key} it already holds, by id (no history change is reported). */
    public void skipImported(String key) {
        writer.skipImported(key);
    }

    public RecordSink sink() {
        return writer;
    }
}
