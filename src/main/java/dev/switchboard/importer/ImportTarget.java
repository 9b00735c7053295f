package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.session.UsageTotals;
import java.util.Optional;
import java.util.Set;

/**
 * Where imported sessions go: a running server's REST API (the CLI) or the services in-process (the server's
 * follower). Appends are all or nothing per call, and the writer never sends a message twice in one run,
 * so what a target holds is always a prefix of the source's active branch plus whole batches.
 */
public interface ImportTarget {
    /**
     * What the target holds of a session.
     *
     * @param last         the newest message that came from an import (its {@code metadata.source}), if any
     * @param messageCount messages of the current instance
     * @param metadata     the session's metadata ({@code source.session_ids}: the source sessions imported into it)
     */
    record Existing(String title, String model, boolean ended, Optional<SourceRef> last, long messageCount,
                    UsageTotals usage, JsonNode metadata) {}

    Optional<Existing> find(String key);

    /** Creates the session, reviving it when it exists but has ended; true when it was created. */
    boolean create(SourceSession session);

    /** Sets title and model (null: leave as is) and merges {@code metadataPatch} (RFC 7386; null: none). */
    void update(String key, String title, String model, ObjectNode metadataPatch);

    /**
     * The key of the session (among those whose key starts with {@code keyPrefix}) that holds the source session
     * {@code sourceSessionId} in {@code metadata.source.session_ids}: where an archived OpenClaw transcript,
     * which its index no longer names, was imported while it was current.
     */
    Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId);

    /** Appends {@code {"messages": [...]}} (the REST body, {@link TargetJson#batch}) in order, all or nothing. */
    void append(String key, ObjectNode batch);

    /** The source ids of every message of the session's current instance (read after a history change). */
    Set<String> importedIds(String key);

    /** The target refused the whole batch (too large, invalid); nothing of it was appended. */
    final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The session has ended (the sweeper ends silent sessions): revive it and append again. */
    final class Ended extends RuntimeException {
        public Ended(String key) {
            super("session " + key + " has ended", null, false, false);
        }
    }
}
