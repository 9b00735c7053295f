package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteFunctions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V5 on a store written by V4: rows of the old rollback table become archive entries (one per rollback)
 * that the archive API reads, undo entries get their reason, and stored idempotent responses learn their
 * session from their bodies.
 */
class ArchiveUnifyMigrationTest {
    static final long T1 = 1_780_000_000_123L;
    static final long T2 = 1_780_000_100_456L;

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void migrateAV4StoreWithRollbacksToV5() throws SQLException {
        file = dir.resolve("switchboard.db");
        migrate(file, "4");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            // A live session with a rollback of two messages (seq 3, 4 after the run's input at seq 2) and an undo.
            exec(c, "INSERT INTO sessions (key, instance_id, agent, channel, status, created_at, updated_at, last_seen_at, version)"
                    + " VALUES ('live', 'I1', 'main', 'telegram', 'active', 0, 0, 0, 1)");
            exec(c, "INSERT INTO instances (id, key, created_at) VALUES ('I1', 'live', 0)");
            exec(c, "INSERT INTO runs (id, key, instance_id, agent, status, created_at) VALUES ('R1', 'live', 'I1', 'main', 'aborted', 0)");
            rolledBack(c, "I1", 3, "R1", T1);
            rolledBack(c, "I1", 4, "R1", T1);
            exec(c, "INSERT INTO archive (id, kind, key, agent, channel, instance_id, after_seq, message_count, archived_at)"
                    + " VALUES ('UNDO1', 'messages', 'live', 'main', 'telegram', 'I1', 1, 1, 5)");
            // A session deleted after its rollback: its instance is only in the archive now.
            exec(c, "INSERT INTO archive (id, kind, key, agent, channel, session, message_count, archived_at)"
                    + " VALUES ('GONE1', 'session', 'gone', 'helper', 'slack', '{}', 0, 6)");
            exec(c, "INSERT INTO archive_instances (archive_id, id, created_at, last_seq, message_count, input_tokens,"
                    + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd)"
                    + " VALUES ('GONE1', 'I2', 0, 1, 1, 0, 0, 0, 0, 0, 0)");
            rolledBack(c, "I2", 2, "R2", T2);

            idempotent(c, "create", "{\"key\":\"live\",\"id\":\"I1\"}");
            idempotent(c, "resolve", "{\"session\":{\"key\":\"live\"},\"created\":false}");
            idempotent(c, "append", "{\"items\":[{\"seq\":1,\"instance\":\"I2\"}]}");
            idempotent(c, "directive", "{\"id\":\"D1\",\"session_key\":\"live\",\"target\":null}");
            idempotent(c, "broadcast", "{\"id\":\"D2\",\"session_key\":null,\"target\":{\"channel\":\"slack\"}}");
            idempotent(c, "empty", "");
        }
        new SqliteDatabase(file, 1, new SimpleMeterRegistry()).close(); // migrates to the latest version
    }

    /** Migrates a new store at {@code file} up to version {@code target} only, as an older build left it. */
    static void migrate(Path file, String target) {
        // V2's migration calls the schema's Java function, so Flyway's connection needs it, as in SqliteDatabase.
        var ds = new SQLiteDataSource() {
            @Override
            public org.sqlite.SQLiteConnection getConnection(String user, String password) throws SQLException {
                var c = super.getConnection(user, password);
                SqliteFunctions.register(c);
                return c;
            }
        };
        ds.setUrl("jdbc:sqlite:" + file);
        Flyway.configure().dataSource(ds).locations("classpath:db/sqlite").target(target).load().migrate();
    }

    static void rolledBack(Connection c, String instance, long seq, String run, long at) throws SQLException {
        exec(c, "INSERT INTO run_archived_messages (instance_id, seq, id, role, content, usage, created_at, archived_at, reason, run_id)"
                + " VALUES ('" + instance + "', " + seq + ", 'M" + instance + seq + "', 'assistant', '\"words " + seq + "\"',"
                + " '{\"output_tokens\":" + seq + "}', 0, " + at + ", 'rollback: rolled back by run X', '" + run + "')");
    }

    static void idempotent(Connection c, String key, String body) throws SQLException {
        exec(c, "INSERT INTO idempotency (principal, key, request_hash, status, headers, body, created_at)"
                + " VALUES ('tok', '" + key + "', 'h', 200, '{}', '" + body + "', 0)");
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    static List<Map<String, Object>> rows(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            var out = new ArrayList<Map<String, Object>>();
            while (rs.next()) {
                var row = new LinkedHashMap<String, Object>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The time part of a ULID: its first 10 Crockford base-32 characters. */
    static long ulidMillis(String ulid) {
        long t = 0;
        for (char ch : ulid.substring(0, 10).toCharArray()) t = (t << 5) | "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(ch);
        return t;
    }

    @Test
    void each_rollback_becomes_one_messages_entry_with_reason_rollback_and_its_run() {
        var entries = rows("SELECT id, key, agent, channel, instance_id, after_seq, message_count, archived_at, reason, run_id"
                + " FROM archive WHERE reason = 'rollback' ORDER BY archived_at");
        assertThat(entries).hasSize(2);
        Map<String, Object> live = entries.get(0);
        assertThat(live).containsEntry("key", "live").containsEntry("agent", "main").containsEntry("channel", "telegram")
                .containsEntry("instance_id", "I1").containsEntry("after_seq", 2).containsEntry("message_count", 2)
                .containsEntry("run_id", "R1").containsEntry("archived_at", T1);
        // A ULID of the rollback's time, like the ids the server makes.
        assertThat((String) live.get("id")).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(ulidMillis((String) live.get("id"))).isEqualTo(T1);
        Map<String, Object> gone = entries.get(1);
        assertThat(gone).containsEntry("key", "gone").containsEntry("agent", "helper").containsEntry("channel", "slack")
                .containsEntry("instance_id", "I2").containsEntry("after_seq", 1).containsEntry("run_id", "R2");
    }

    @Test
    void rolled_back_messages_move_whole_into_archive_messages_and_the_old_table_is_gone() {
        var moved = rows("SELECT m.seq, m.id, m.content, m.usage FROM archive_messages m JOIN archive a ON a.id = m.archive_id"
                + " WHERE a.run_id = 'R1' ORDER BY m.seq");
        assertThat(moved).extracting(r -> r.get("seq")).containsExactly(3, 4);
        assertThat(moved.getFirst()).containsEntry("id", "MI13").containsEntry("content", "\"words 3\"")
                .containsEntry("usage", "{\"output_tokens\":3}");
        assertThat(rows("SELECT name FROM sqlite_master WHERE name LIKE 'run_archived_messages%'")).isEmpty();
    }

    @Test
    void undo_entries_written_before_get_reason_undo() {
        assertThat(rows("SELECT reason, run_id FROM archive WHERE id = 'UNDO1'").getFirst())
                .containsEntry("reason", "undo").containsEntry("run_id", null);
        assertThat(rows("SELECT reason FROM archive WHERE id = 'GONE1'").getFirst()).containsEntry("reason", null);
    }

    @Test
    void stored_idempotent_responses_learn_their_session_from_their_body() {
        var keys = new LinkedHashMap<Object, Object>();
        rows("SELECT key, session_key FROM idempotency ORDER BY key").forEach(r -> keys.put(r.get("key"), r.get("session_key")));
        assertThat(keys).containsEntry("create", "live").containsEntry("resolve", "live").containsEntry("directive", "live")
                .containsEntry("append", "gone").containsEntry("broadcast", null).containsEntry("empty", null);
    }
}
