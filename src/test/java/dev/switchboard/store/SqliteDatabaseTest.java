package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.sqlite.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-committing writer on its own: isolation of failing units, joined writes, hooks after commit. */
class SqliteDatabaseTest {
    @TempDir
    Path dir;
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("t.db"), 2, new SimpleMeterRegistry());
        db.write(tx -> tx.connection().createStatement().executeUpdate("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static int insert(Tx tx, String k, int v) throws java.sql.SQLException {
        return tx.update("INSERT INTO t (k, v) VALUES (?, ?)", k, v);
    }

    long count() {
        return db.read(tx -> tx.one("SELECT count(*) FROM t", rs -> rs.getLong(1)).orElseThrow());
    }

    @Test
    void a_failing_write_rolls_back_alone_while_concurrent_writes_commit() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> db.write(tx -> {
                    insert(tx, "k" + n, n);
                    if (n % 10 == 0) throw new IllegalStateException("unit " + n + " fails after its insert");
                    return null;
                })));
            }
            int failed = 0;
            for (var f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(20);
        }
        assertThat(count()).isEqualTo(180);
    }

    @Test
    void a_statement_that_failed_is_usable_again() {
        db.write(tx -> insert(tx, "dup", 1));
        assertThatThrownBy(() -> db.write(tx -> insert(tx, "dup", 2))).isInstanceOf(StoreException.class);
        int inserted = db.write(tx -> insert(tx, "fresh", 3));
        assertThat(inserted).isEqualTo(1);
        assertThat(count()).isEqualTo(2);
    }

    static long abs(Tx tx, long v) throws java.sql.SQLException {
        return tx.one("SELECT abs(?)", rs -> rs.getLong(1), v).orElseThrow();
    }

    @Test
    void a_cached_statement_whose_step_failed_is_usable_again_for_reads_and_writes() {
        // abs(MIN_VALUE) fails while stepping, which leaves a sqlite-jdbc statement unusable unless recompiled
        assertThatThrownBy(() -> db.read(tx -> abs(tx, Long.MIN_VALUE))).isInstanceOf(StoreException.class);
        long read = db.read(tx -> abs(tx, -5));
        assertThat(read).isEqualTo(5);
        assertThatThrownBy(() -> db.write(tx -> abs(tx, Long.MIN_VALUE))).isInstanceOf(StoreException.class);
        long written = db.write(tx -> abs(tx, -7));
        assertThat(written).isEqualTo(7);
    }

    @Test
    void a_write_inside_a_write_joins_its_transaction() {
        assertThatThrownBy(() -> db.write(tx -> {
            db.write(inner -> insert(inner, "joined", 1));
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");
        assertThat(count()).as("the inner write rolled back with the outer one").isZero();
    }

    @Test
    void after_commit_hooks_run_in_order_before_the_caller_returns_and_not_on_rollback() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        db.write(tx -> {
            insert(tx, "a", 1);
            tx.afterCommit(() -> seen.add("a"));
            tx.afterCommit(() -> seen.add("b"));
            return null;
        });
        assertThat(seen).containsExactly("a", "b");
        assertThatThrownBy(() -> db.write(tx -> {
            tx.afterCommit(() -> seen.add("never"));
            throw new IllegalStateException("rolled back");
        }));
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void a_read_inside_a_write_sees_its_uncommitted_changes() {
        long seen = db.write(tx -> {
            insert(tx, "visible", 1);
            return count();
        });
        assertThat(seen).isEqualTo(1);
    }

    @Test
    void writes_after_close_fail_as_transient() {
        db.close();
        assertThatThrownBy(() -> db.write(tx -> insert(tx, "late", 1)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }
}
