package dev.switchboard.store.sqlite;

import dev.switchboard.importer.FileMark;
import dev.switchboard.importer.ImportFileStore;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@code import_files}: the follower's file marks (V6). */
public final class SqliteImportFileStore implements ImportFileStore {
    @Override
    public List<FileMark> load(Tx tx, String sourceId) throws SQLException {
        PreparedStatement ps = tx.prepare(
                "SELECT path, file_key, size, modified_at, offset, settled FROM import_files WHERE source = ?");
        ps.setString(1, sourceId);
        var out = new ArrayList<FileMark>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new FileMark(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6) == 1));
            }
        }
        return out;
    }

    @Override
    public void save(Tx tx, String sourceId, FileMark m, long nowMillis) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                INSERT INTO import_files (source, path, file_key, size, modified_at, offset, settled, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, path) DO UPDATE SET file_key = excluded.file_key, size = excluded.size,
                    modified_at = excluded.modified_at, offset = excluded.offset, settled = excluded.settled,
                    updated_at = excluded.updated_at""");
        ps.setString(1, sourceId);
        ps.setString(2, m.path());
        ps.setString(3, m.fileKey());
        ps.setLong(4, m.size());
        ps.setLong(5, m.modifiedMillis());
        ps.setLong(6, m.offset());
        ps.setInt(7, m.settled() ? 1 : 0);
        ps.setLong(8, nowMillis);
        ps.executeUpdate();
    }
}
