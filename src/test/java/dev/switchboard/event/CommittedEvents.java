package dev.switchboard.event;

import dev.switchboard.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed event log read straight from the server's SQLite file, independently of the code under
 * test: what every subscriber must have received.
 */
final class CommittedEvents {
    record Row(long seq, String type, String key, String channel) {}

    private CommittedEvents() {}

    static List<Row> after(TestServer server, long after) {
        try (Connection c = open(server);
             PreparedStatement ps = c.prepareStatement("SELECT seq, type, key, channel FROM events WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, after);
            var rows = new ArrayList<Row>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Long> seqsAfter(TestServer server, long after) {
        return after(server, after).stream().map(Row::seq).toList();
    }

    /** The highest committed seq (0 when the log is empty). */
    static long head(TestServer server) {
        try (Connection c = open(server);
             ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection open(TestServer server) throws SQLException {
        var config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection("jdbc:sqlite:" + server.dataDir().resolve("switchboard.db"));
    }
}
