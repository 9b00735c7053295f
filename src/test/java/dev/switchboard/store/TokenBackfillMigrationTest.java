package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.sqlite.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V7 on a store written by V6: every existing message gets its token estimate (its usage's output tokens, else
 * characters / 4 + 4) and the running total through it within its instance, as appends now write them.
 */
class TokenBackfillMigrationTest {
    @TempDir
    Path dir;

    @Test
    void existing_messages_get_estimates_and_running_totals_per_instance() throws SQLException {
        Path file = dir.resolve("switchboard.db");
        ArchiveUnifyMigrationTest.migrate(file, "6");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            ArchiveUnifyMigrationTest.exec(c, "INSERT INTO messages (instance_id, seq, id, role, content, usage, tool_calls, created_at) VALUES"
                    + " ('A', 1, 'a1', 'user', '\"0123456789\"', NULL, NULL, 0),"          // 12 characters: 3 + 4
                    + " ('B', 1, 'b1', 'user', '\"x\"', NULL, NULL, 0),"                   // 3 characters: 1 + 4
                    + " ('A', 2, 'a2', 'assistant', '\"ok\"', '{\"output_tokens\":40}', NULL, 0),"
                    + " ('A', 3, 'a3', 'assistant', NULL, NULL, '[]', 0)");          // tool calls only, 2 characters: 1 + 4
        }
        new SqliteDatabase(file, 1, new SimpleMeterRegistry()).close(); // migrates to the latest version
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT id, tokens, tokens_through FROM messages ORDER BY instance_id, seq")) {
            var rows = new ArrayList<String>();
            while (rs.next()) rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3));
            assertThat(rows).isEqualTo(List.of("a1 7 7", "a2 40 47", "a3 5 52", "b1 5 5"));
        }
    }
}
