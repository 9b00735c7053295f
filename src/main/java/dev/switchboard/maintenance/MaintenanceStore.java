package dev.switchboard.maintenance;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** What retention reads and removes; every list is oldest first, so a pass removes the oldest of its kind first. */
public interface MaintenanceStore {
    /** An archive entry retention may purge. */
    record Entry(String id, String key) {}

    /**
     * Keys of ended sessions that are not protected (flag, or in {@code excluded}) and have no queued or running run,
     * ended before {@code endedBeforeMillis} (null: any), oldest ended first.
     */
    List<String> endedSessions(Tx tx, Long endedBeforeMillis, Set<String> excluded, int limit) throws SQLException;

    /** How many {@link #endedSessions} there are in all. */
    long countEnded(Tx tx, Long endedBeforeMillis, Set<String> excluded) throws SQLException;

    long liveSessions(Tx tx) throws SQLException;

    /** Archive entries archived before {@code beforeMillis} (null: any), oldest first. */
    List<Entry> archiveEntries(Tx tx, Long beforeMillis, int limit) throws SQLException;

    long countArchive(Tx tx, Long beforeMillis) throws SQLException;

    /** Deletes one archive entry with its copies of instances and messages. */
    void deleteArchiveEntry(Tx tx, String id) throws SQLException;

    /** Whether {@code key} has a live session or another archive entry (else its remnants may be purged). */
    boolean keyInUse(Tx tx, String key) throws SQLException;

    /** The ids among {@code runIds} that are runs in the store. */
    Set<String> existingRuns(Tx tx, Collection<String> runIds) throws SQLException;

    /** The store's size on disk, in bytes. */
    long sizeBytes(Tx tx) throws SQLException;
}
