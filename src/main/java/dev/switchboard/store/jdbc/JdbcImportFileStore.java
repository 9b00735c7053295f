package dev.switchboard.store.jdbc;

import dev.switchboard.importer.FileMark;
import dev.switchboard.importer.ImportFileStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** {@code import_files}: the follower's file marks (V8). */
public final class JdbcImportFileStore implements ImportFileStore {
    @Override
    public List<FileMark> load(Tx tx, String sourceId) throws SQLException {
        return tx.list("SELECT path, file_key, size, modified_at, byte_offset, settled FROM import_files WHERE source = ?",
                rs -> new FileMark(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6) == 1), sourceId);
    }

    @Override
    public void save(Tx tx, String sourceId, FileMark m, long nowMillis) throws SQLException {
        tx.update("""
                INSERT INTO import_files (source, path, file_key, size, modified_at, byte_offset, settled, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, path) DO UPDATE SET file_key = excluded.file_key, size = excluded.size,
                    modified_at = excluded.modified_at, byte_offset = excluded.byte_offset, settled = excluded.settled,
                    updated_at = excluded.updated_at""",
                sourceId, m.path(), m.fileKey(), m.size(), m.modifiedMillis(), m.offset(), m.settled() ? 1 : 0, nowMillis);
    }
}
