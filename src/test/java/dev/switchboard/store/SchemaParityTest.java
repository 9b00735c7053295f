package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RawDb;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.TestStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The migrations of both stores (db/sqlite, db/postgresql), run from empty by real servers, end in the same schema:
 * the same versions applied, the same tables with the same columns. Only each store's own full-text tables and
 * bookkeeping differ. A migration added for one store and forgotten for the other fails here.
 */
class SchemaParityTest {
    /** Each store's own: FTS5 and its shadow tables, AUTOINCREMENT's counter; the tsvector table. */
    private static final Set<String> STORE_OWN = Set.of("messages_fts", "messages_fts_config", "messages_fts_content",
            "messages_fts_data", "messages_fts_docsize", "messages_fts_idx", "sqlite_sequence", "message_search",
            "flyway_schema_history");

    @Test
    void both_stores_migrate_to_the_same_tables_and_columns() {
        Map<String, Set<String>> sqlite;
        Map<String, Set<String>> postgres;
        java.util.List<Object> sqliteVersions;
        java.util.List<Object> postgresVersions;
        try (var s = TestServer.start(TestStore.SQLITE, c -> c, Clock.systemUTC());
             var p = TestServer.start(TestStore.POSTGRESQL, c -> c, Clock.systemUTC())) {
            sqlite = columns(s.db(), """
                    SELECT m.name AS t, c.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) c
                    WHERE m.type = 'table'""");
            postgres = columns(p.db(), """
                    SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'""");
            sqliteVersions = versions(s.db());
            postgresVersions = versions(p.db());
        }
        assertThat(postgresVersions).isEqualTo(sqliteVersions).isNotEmpty();
        assertThat(postgres).isEqualTo(sqlite);
        assertThat(sqlite).containsKeys("sessions", "messages", "events", "runs", "run_leases", "archive", "idempotency");
    }

    private static Map<String, Set<String>> columns(RawDb db, String sql) {
        var out = new TreeMap<String, Set<String>>();
        for (var row : db.rows(sql)) {
            String table = (String) row.get("t");
            if (STORE_OWN.contains(table)) continue;
            out.computeIfAbsent(table, t -> new TreeSet<>()).add((String) row.get("c"));
        }
        return out;
    }

    private static java.util.List<Object> versions(RawDb db) {
        return db.rows("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank").stream()
                .map(r -> (Object) String.valueOf(r.get("version"))).toList();
    }
}
