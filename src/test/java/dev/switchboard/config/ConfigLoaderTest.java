package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults_need_no_file() {
        SwitchboardConfig c = ConfigLoader.defaults().load();
        assertThat(c.server().bind()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(7700);
        assertThat(c.sqliteFile()).isEqualTo(Path.of("./data/switchboard.db"));
        assertThat(c.limits().maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.limits().maxMessageChars()).isEqualTo(200_000);
        assertThat(c.sessions().idleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.events().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.routing().forPlatform("telegram").groupPerUser()).isTrue();
    }

    @Test
    void hardening_limits_and_timeouts_have_documented_defaults_and_bounds() {
        SwitchboardConfig c = ConfigLoader.defaults().load();
        assertThat(c.limits().maxJsonDepth()).isEqualTo(64);
        assertThat(c.limits().authFailuresPerMinute()).isEqualTo(60);
        assertThat(c.http()).isEqualTo(new SwitchboardConfig.Http(java.util.List.of(), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60)));
        assertThat(ConfigLoader.defaults().set("limits.requests_per_second", "0.5").load().limits().requestsPerSecond())
                .isEqualTo(0.5);
        assertThatThrownBy(() -> ConfigLoader.defaults().set("limits.max_json_depth", 501).load())
                .hasMessageContaining("limits.max_json_depth");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("http.header_timeout", "0s").load())
                .hasMessageContaining("http.header_timeout");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("http.read_timeout", "5s").load())
                .hasMessageContaining("http.read_timeout");
    }

    @Test
    void file_then_env_then_flags_override_in_that_order() throws Exception {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, """
                data_dir = "/srv/sb"
                [server]
                port = 8000
                bind = "0.0.0.0"
                [limits]
                max_message_chars = 5000
                [routing.platforms.discord]
                group_per_user = false
                """);
        SwitchboardConfig c = ConfigLoader.defaults()
                .file(file)
                .env(Map.of("SWITCHBOARD_PORT", "8100", "SWITCHBOARD_LIMITS__MAX_BATCH_MESSAGES", "10",
                        "SWITCHBOARD_TOKEN", "ignored", "HOME", "/root"))
                .set("server.port", 8200)
                .load();
        assertThat(c.server().port()).isEqualTo(8200);
        assertThat(c.server().bind()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/sb"));
        assertThat(c.limits().maxMessageChars()).isEqualTo(5000);
        assertThat(c.limits().maxBatchMessages()).isEqualTo(10);
        assertThat(c.routing().forPlatform("discord").groupPerUser()).isFalse();
        assertThat(c.routing().forPlatform("telegram").groupPerUser()).isTrue();
    }

    @Test
    void unknown_keys_are_errors_that_name_the_key() throws Exception {
        Path file = dir.resolve("typo.toml");
        Files.writeString(file, "[limits]\nmax_body_byte = 10\n");
        assertThatThrownBy(() -> ConfigLoader.defaults().file(file).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max_body_byte");
    }

    @Test
    void bad_values_are_errors_that_say_what_is_expected() {
        assertThatThrownBy(() -> ConfigLoader.defaults().set("server.port", "eighty").load())
                .hasMessageContaining("server.port").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("sessions.idle_after", "soon").load())
                .hasMessageContaining("sessions.idle_after");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("sessions.stale_after", "1m").load())
                .hasMessageContaining("stale_after");
        assertThatThrownBy(() -> ConfigLoader.defaults().file(dir.resolve("missing.toml")))
                .hasMessageContaining("not found");
    }

    @Test
    void durations_accept_short_and_iso_forms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    }

    @Test
    void compaction_and_context_have_defaults_and_read_lists_from_files_and_environment() throws Exception {
        SwitchboardConfig d = ConfigLoader.defaults().load();
        assertThat(d.compaction().agent()).isNull();
        assertThat(d.compaction().keepLast()).isEqualTo(20);
        assertThat(d.compaction().maxMessages()).isEqualTo(500);
        assertThat(d.compaction().maxContextTokens()).isEqualTo(100_000);
        assertThat(d.compaction().auto()).isFalse();
        assertThat(d.context().template()).as("null: the built-in template").isNull();
        assertThat(d.context().redactIdsFor()).contains("whatsapp", "signal", "telegram");

        Path file = dir.resolve("compaction.toml");
        Files.writeString(file, """
                [compaction]
                agent = "summarizer"
                auto = true
                max_age = "3d"
                [context]
                template = ""
                redact_ids_for = ["sms"]
                """);
        SwitchboardConfig f = ConfigLoader.defaults().file(file)
                .env(Map.of("SWITCHBOARD_CONTEXT__REDACT_IDS_FOR", "whatsapp, signal")).load();
        assertThat(f.compaction().agent()).isEqualTo("summarizer");
        assertThat(f.compaction().auto()).isTrue();
        assertThat(f.compaction().maxAge()).isEqualTo(Duration.ofDays(3));
        assertThat(f.context().template()).isEmpty();
        assertThat(f.context().redactIdsFor()).containsExactly("whatsapp", "signal");
    }

    @Test
    void automatic_summaries_without_a_summarizer_and_unknown_placeholders_stop_the_start() {
        assertThatThrownBy(() -> ConfigLoader.defaults().set("compaction.auto", "true").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("compaction.agent");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("compaction.auto_strategy", "forget").load())
                .hasMessageContaining("compaction.auto_strategy");
        assertThat(ConfigLoader.defaults().set("compaction.auto", "true").set("compaction.auto_strategy", "truncate").load()
                .compaction().auto()).isTrue();
        assertThatThrownBy(() -> new dev.switchboard.context.SessionBlock("**Phone:** {phone}", java.util.List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{phone}");
    }
}
