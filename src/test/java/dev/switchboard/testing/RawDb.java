package dev.switchboard.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct SQL on a test server's database (its SQLite file, or its PostgreSQL database), for what the API does not
 * (yet) show: rows that must be gone after a purge, event payloads, runs that no endpoint creates yet. A separate
 * connection, as a second process would have: it reads while the server runs, and its rare writes wait their turn.
 * Statements must be portable SQL (both stores run them); values come back as the driver reads them, so compare
 * numbers through {@link Number}.
 */
public final class RawDb {
    private final TestStore.Location location;

    RawDb(TestStore.Location location) {
        this.location = location;
    }

    /** Which store this is, for the rare statement that has to differ. */
    public TestStore store() {
        return location.store();
    }

    private Connection open() throws SQLException {
        return location.connect();
    }

    /** Rows of a query as column → value maps; {@code ?} parameters bound in order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = open(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            var out = new ArrayList<Map<String, Object>>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    for (int i = 1; i <= n; i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The planner's plan for {@code sql}, one line per step: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's
     * EXPLAIN with sequential scans priced out (a test table is small enough that a scan would always win there).
     */
    public String plan(String sql, Object... params) {
        try (Connection c = open()) {
            boolean postgres = store() == TestStore.POSTGRESQL;
            if (postgres) {
                try (var st = c.createStatement()) {
                    st.execute("SET enable_seqscan = off");
                }
            }
            try (var ps = c.prepareStatement((postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                var out = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.append(rs.getString(postgres ? 1 : 4)).append('\n');
                }
                return out.toString();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) rows(sql, params).getFirst().values().iterator().next()).longValue();
    }

    public void execute(String sql, Object... params) {
        try (Connection c = open(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** How many messages the full-text index holds for {@code word} (SQLite's FTS5 table, PostgreSQL's tsvectors). */
    public long fullTextMatches(String word) {
        return store() == TestStore.SQLITE
                ? count("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", word)
                : count("SELECT count(*) FROM message_search WHERE tsv @@ to_tsquery('simple', ?)", word);
    }

    /** A run row in {@code status} (queued/running = active), as the runs feature will write them. */
    public void insertRun(String id, String key, String status) {
        execute("INSERT INTO runs (id, key, instance_id, agent, status, created_at) "
                + "SELECT ?, key, instance_id, agent, ?, 0 FROM sessions WHERE key = ?", id, status, key);
    }

    public void setRunStatus(String id, String status) {
        execute("UPDATE runs SET status = ? WHERE id = ?", status, id);
    }
}
