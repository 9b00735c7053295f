package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.postgres.PostgresUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the store is configured ([store], SWITCHBOARD_STORE__URL, --store) and where its password may come from. */
class StoreConfigTest {
    @TempDir
    Path dir;

    @Test
    void the_default_store_is_the_embedded_sqlite_file() {
        var c = ConfigLoader.defaults().load();
        assertThat(c.store().postgres()).isFalse();
        assertThat(c.store().toString()).isEqualTo("sqlite");
        assertThat(c.runs().lease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_file_table_env_variables_and_the_flag_all_set_the_store_url() throws Exception {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, """
                [store]
                url = "postgresql://sb@db.internal:5432/switchboard"
                password_file = "/run/secrets/pg"
                [runs]
                lease = "10s"
                """);
        var fromFile = ConfigLoader.defaults().file(file).load();
        assertThat(fromFile.store().url()).isEqualTo("postgresql://sb@db.internal:5432/switchboard");
        assertThat(fromFile.store().passwordFile()).isEqualTo(Path.of("/run/secrets/pg"));
        assertThat(fromFile.runs().lease()).isEqualTo(Duration.ofSeconds(10));

        var fromEnv = ConfigLoader.defaults().env(Map.of("SWITCHBOARD_STORE__URL", "postgres://a@h/d")).load();
        assertThat(fromEnv.store().url()).isEqualTo("postgres://a@h/d");
        var shortEnv = ConfigLoader.defaults().env(Map.of("SWITCHBOARD_STORE", "postgresql://a@h/e")).load();
        assertThat(shortEnv.store().url()).isEqualTo("postgresql://a@h/e");
        var flag = ConfigLoader.defaults().file(file).set("store.url", "sqlite").load();
        assertThat(flag.store().postgres()).isFalse();
    }

    @Test
    void unknown_store_keys_and_other_urls_are_errors() {
        assertThatThrownBy(() -> ConfigLoader.defaults().set("store.host", "x").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.host");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("store.url", "mysql://x/y").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.url");
    }

    @Test
    void the_password_never_shows_in_what_is_printed() {
        var c = ConfigLoader.defaults().set("store.url", "postgresql://sb:s3cr%40t@db:5432/switchboard").load();
        assertThat(c.store().toString()).isEqualTo("postgresql://sb@db:5432/switchboard").doesNotContain("s3cr");
        var url = PostgresUrl.parse(c.store().url(), null, null);
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/switchboard").doesNotContain("s3cr");
        assertThat(url.toString()).doesNotContain("s3cr");
    }

    @Test
    void the_password_comes_from_the_url_else_pgpassword_else_the_file() throws Exception {
        Path secret = dir.resolve("pg-password");
        Files.writeString(secret, "from-file\n");
        assertThat(PostgresUrl.parse("postgresql://u:in-url@h/d", "from-env", secret).password()).isEqualTo("in-url");
        assertThat(PostgresUrl.parse("postgresql://u@h/d", "from-env", secret).password()).isEqualTo("from-env");
        assertThat(PostgresUrl.parse("postgresql://u@h/d", null, secret).password()).isEqualTo("from-file");
        assertThat(PostgresUrl.parse("postgresql://u@h:6543/d?sslmode=require", null, null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:6543/d?sslmode=require");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u@h", null, null)).hasMessageContaining("database");
    }
}
