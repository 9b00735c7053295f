package dev.switchboard.importer;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** Persistence of the follower's {@link FileMark}s ({@code import_files}). */
public interface ImportFileStore {
    List<FileMark> load(Tx tx, String sourceId) throws SQLException;

    void save(Tx tx, String sourceId, FileMark mark, long nowMillis) throws SQLException;
}
