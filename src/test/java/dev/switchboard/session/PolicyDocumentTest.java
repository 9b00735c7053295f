package dev.switchboard.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ConfigException;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import java.time.ZoneId;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
    static JsonNode json(String text) {
        return Json.readStored(text);
    }

    static final PolicyDocument DOC = PolicyDocument.BUILT_IN.overlay(PolicyDocument.parse(json("""
            {"default": {"mode": "idle", "idle_minutes": 600},
             "chat_types": {"group": {"mode": "daily", "at_hour": 6}},
             "platforms": {"telegram": {"idle_minutes": 30, "time_zone": "Europe/Berlin",
                                        "chat_types": {"group": {"mode": "both"}}},
                           "discord": {"mode": "none"}}}""")));

    @Test
    void nothing_configured_means_never_reset() {
        ResetPolicy p = PolicyDocument.BUILT_IN.resolve("telegram", "dm");
        assertThat(p).isEqualTo(new ResetPolicy(ResetMode.NONE, 1440, 4, ZoneId.of("UTC")));
    }

    @Test
    void default_applies_where_nothing_more_specific_is_set() {
        assertThat(DOC.resolve("slack", "dm")).isEqualTo(new ResetPolicy(ResetMode.IDLE, 600, 4, ZoneId.of("UTC")));
    }

    @Test
    void chat_type_overrides_default_on_every_platform() {
        assertThat(DOC.resolve("slack", "group")).isEqualTo(new ResetPolicy(ResetMode.DAILY, 600, 6, ZoneId.of("UTC")));
    }

    @Test
    void platform_overrides_chat_type_and_default_field_by_field() {
        assertThat(DOC.resolve("telegram", "dm"))
                .isEqualTo(new ResetPolicy(ResetMode.IDLE, 30, 4, ZoneId.of("Europe/Berlin")));
        assertThat(DOC.resolve("discord", "group")).extracting(ResetPolicy::mode).isEqualTo(ResetMode.NONE);
    }

    @Test
    void platform_chat_type_is_most_specific() {
        // mode from platform+type, idle from platform, at_hour from chat_types.group, zone from platform
        assertThat(DOC.resolve("telegram", "group"))
                .isEqualTo(new ResetPolicy(ResetMode.BOTH, 30, 6, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void overlay_lets_the_upper_document_win_per_field_and_keeps_the_rest() {
        PolicyDocument over = DOC.overlay(PolicyDocument.parse(json(
                "{\"platforms\": {\"telegram\": {\"mode\": \"daily\"}}}")));
        assertThat(over.resolve("telegram", "dm")).isEqualTo(new ResetPolicy(ResetMode.DAILY, 30, 4, ZoneId.of("Europe/Berlin")));
        assertThat(over.resolve("telegram", "group").mode()).isEqualTo(ResetMode.BOTH);
    }

    @Test
    void document_round_trips_through_json() {
        PolicyDocument d = PolicyDocument.parse(json("""
                {"default": {"mode": "daily", "at_hour": 3, "time_zone": "Asia/Tokyo"},
                 "platforms": {"slack": {"chat_types": {"thread": {"mode": "idle", "idle_minutes": 5}}}}}"""));
        assertThat(PolicyDocument.parse(d.toJson())).isEqualTo(d);
    }

    @Test
    void every_bad_field_is_reported_at_once() {
        assertThatThrownBy(() -> PolicyDocument.parse(json("""
                {"default": {"mode": "weekly", "idle_minutes": 0, "at_hour": 24, "time_zone": "Mars/Olympus"},
                 "chat_types": {"forum": {}},
                 "platforms": {"Tele Gram": {}, "slack": {"color": "red"}},
                 "extra": 1}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    var fields = new HashSet<String>();
                    e.errors().forEach(err -> fields.add(err.field()));
                    assertThat(fields).containsExactlyInAnyOrder("default.mode", "default.idle_minutes",
                            "default.at_hour", "default.time_zone", "chat_types.forum", "platforms.Tele Gram",
                            "platforms.slack.color", "extra");
                });
    }

    @Test
    void the_readme_toml_example_means_what_the_readme_says() throws Exception {
        var file = java.nio.file.Files.createTempFile("policies", ".toml");
        java.nio.file.Files.writeString(file, """
                [policies.default]
                mode = "idle"
                idle_minutes = 1440

                [policies.chat_types.group]
                mode = "daily"
                at_hour = 4

                [policies.platforms.telegram]
                time_zone = "Europe/Berlin"
                idle_minutes = 120

                [policies.platforms.telegram.chat_types.group]
                mode = "both"
                """);
        try {
            var config = dev.switchboard.config.ConfigLoader.defaults().file(file).load();
            PolicyDocument d = PolicyDocument.BUILT_IN.overlay(PolicyDocument.fromConfig(config.policies()));
            assertThat(d.resolve("telegram", "group")).isEqualTo(new ResetPolicy(ResetMode.BOTH, 120, 4, ZoneId.of("Europe/Berlin")));
            assertThat(d.resolve("telegram", "dm")).isEqualTo(new ResetPolicy(ResetMode.IDLE, 120, 4, ZoneId.of("Europe/Berlin")));
            assertThat(d.resolve("slack", "group")).isEqualTo(new ResetPolicy(ResetMode.DAILY, 1440, 4, ZoneId.of("UTC")));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void config_errors_name_the_config_key() {
        assertThatThrownBy(() -> PolicyDocument.fromConfig(json("{\"default\": {\"mode\": \"sometimes\"}}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies.default.mode");
    }

    @Test
    void config_accepts_numbers_given_as_strings_by_environment_variables() {
        PolicyDocument d = PolicyDocument.fromConfig(json("{\"default\": {\"mode\": \"idle\", \"idle_minutes\": \"45\"}}"));
        assertThat(PolicyDocument.BUILT_IN.overlay(d).resolve("x", "dm").idleMinutes()).isEqualTo(45);
    }
}
