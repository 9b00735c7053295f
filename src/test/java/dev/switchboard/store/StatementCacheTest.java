package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.sqlite.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
    @TempDir
    Path dir;
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("t.db"), 1, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void statements_built_per_filter_combination_never_grow_the_cache_past_its_capacity() {
        var cache = new StatementCache();
        db.read(tx -> {
            for (int i = 0; i < StatementCache.CAPACITY * 3; i++) cache.prepare(tx.connection(), "SELECT " + i + " + ?");
            return null;
        });
        assertThat(cache.size()).isEqualTo(StatementCache.CAPACITY);
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void every_parameter_must_be_bound_on_every_call() {
        assertThatThrownBy(() -> db.read(tx -> tx.one("SELECT ? + ?", rs -> rs.getLong(1), 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 2 parameters, 1 given");
        Optional<Long> sum = db.read(tx -> tx.one("SELECT ? + ?", rs -> rs.getLong(1), 1L, 2L));
        assertThat(sum).contains(3L);
    }

    @Test
    void a_value_of_an_unknown_type_is_refused_instead_of_stored_as_its_string() {
        assertThatThrownBy(() -> db.read(tx -> tx.one("SELECT ?", rs -> rs.getString(1), new StringBuilder("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported type");
    }

    @Test
    void question_marks_inside_quotes_and_comments_are_not_parameters() {
        assertThat(Placeholders.count("SELECT '?', \"a?\", ? -- why?\n, ?")).isEqualTo(2);
        Optional<String> joined = db.read(tx -> tx.one("SELECT '?' || ?", rs -> rs.getString(1), "!"));
        assertThat(joined).contains("?!");
    }
}
