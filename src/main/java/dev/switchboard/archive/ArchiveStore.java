package dev.switchboard.archive;

import dev.switchboard.session.Instance;
import dev.switchboard.session.Session;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Moves sessions and messages between the live tables and the archive, and erases keys for good. */
public interface ArchiveStore {
    /** What an undo or a rollback took out of an instance. */
    record Removed(long count, UsageTotals usage) {}

    /**
     * Moves the session row, every instance of it and all their messages into archive entry {@code id}
     * (the session's JSON is kept as given); afterwards the key does not exist in the live tables.
     */
    void archiveSession(Tx tx, String id, Session session, String sessionJson, long atMillis, String by)
            throws SQLException;

    /**
     * Moves the messages of {@code instanceId} with {@code seq > afterSeq} into archive entry {@code id}
     * and takes them off the instance's counters, setting its {@code last_seq} to {@code afterSeq} so the
     * next append continues at {@code afterSeq + 1}. The entry records {@code why} (reason, run, token).
     * Nothing is written when there is nothing to remove.
     */
    Removed archiveMessagesAfter(Tx tx, String id, Session session, long afterSeq, Removal why, long atMillis)
            throws SQLException;

    /**
     * Erases every trace of {@code key}: the live session, instances and messages (and so their index
     * entries), its archive entries (session deletes, undo, run rollbacks), finished runs, directives
     * addressed to it and their deliveries, its compaction checkpoints (summaries are transcript content),
     * stored idempotent responses about it, and the payload of
     * every event about it (rows stay, so event sequence numbers remain contiguous).
     *
     * @return the ids of the erased runs (their log files are deleted after commit), or empty when there
     *     was nothing of the key, live or archived, to erase
     */
    Optional<List<String>> purge(Tx tx, String key) throws SQLException;

    /** Channel and agent of the newest archive entry of {@code key}, for the event announcing a purge. */
    Optional<ArchiveEntry> newestOf(Tx tx, String key) throws SQLException;

    /** Entries newest first; {@code key}, {@code kind} and {@code reason} filter when not null. */
    List<ArchiveEntry> list(Tx tx, String key, String kind, String reason, Long beforeAt, String beforeId, int limit)
            throws SQLException;

    Optional<ArchiveEntry> find(Tx tx, String id) throws SQLException;

    List<Instance> instances(Tx tx, String archiveId) throws SQLException;

    /** Archived messages of one entry, in (instance, seq) order, after the given position. */
    List<Message> messages(Tx tx, String archiveId, String instanceId, String afterInstance, long afterSeq, int limit)
            throws SQLException;
}
