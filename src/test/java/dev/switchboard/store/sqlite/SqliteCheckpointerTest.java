package dev.switchboard.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL goes back into the database file on the checkpoint thread, while the writer only commits. */
class SqliteCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void committed_pages_reach_the_database_file_without_the_writer_checkpointing() throws Exception {
        Path file = dir.resolve("store.db");
        try (var db = new SqliteDatabase(file, 1, new SimpleMeterRegistry())) {
            db.write(tx -> tx.update("CREATE TABLE filler (v TEXT)"));
            long before = Files.size(file);
            String row = "x".repeat(4_000);
            // ≈ 4 MB in ≈ 1 000 WAL pages: far below the writer's own threshold (20 000 pages), so only the
            // checkpoint thread can have copied them.
            for (int i = 0; i < 50; i++) {
                db.write(tx -> {
                    for (int j = 0; j < 20; j++) tx.update("INSERT INTO filler (v) VALUES (?)", row);
                    return null;
                });
            }
            assertThat(SqliteCheckpointer.WRITER_SAFETY_NET_PAGES * 4096L).isGreaterThan(Files.size(Path.of(file + "-wal")));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(file) - before > 4_000_000);
            long rows = db.read(tx -> tx.one("SELECT count(*) FROM filler", rs -> rs.getLong(1)).orElseThrow());
            assertThat(rows).isEqualTo(1_000);
        }
    }
}
