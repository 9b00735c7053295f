package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown SWITCHBOARD_* variables and [http] cors_origins, as ConfigLoader reads them. */
class EnvAndOriginsTest {
    static SwitchboardConfig env(Map<String, String> env) {
        return ConfigLoader.defaults().env(env).load();
    }

    @Test
    void every_known_variable_sets_its_key() {
        var cfg = env(Map.of("SWITCHBOARD_PORT", "8100", "SWITCHBOARD_LIMITS__MAX_BODY_BYTES", "2048",
                "SWITCHBOARD_HTTP__CORS_ORIGINS", "https://a.example, http://localhost:5173",
                "SWITCHBOARD_TOKEN", "sb_x", "SWITCHBOARD_LOG_LEVEL", "DEBUG",
                "SWITCHBOARD_ROUTING__PLATFORMS__DISCORD__GROUP_PER_USER", "false"));
        assertThat(cfg.server().port()).isEqualTo(8100);
        assertThat(cfg.limits().maxBodyBytes()).isEqualTo(2048);
        assertThat(cfg.http().corsOrigins()).containsExactly("https://a.example", "http://localhost:5173");
        assertThat(cfg.routing().forPlatform("discord").groupPerUser()).isFalse();
    }

    @Test
    void a_mistyped_variable_names_the_closest_known_one() {
        assertThatThrownBy(() -> env(Map.of("SWITCHBOARD_PROT", "1")))
                .hasMessageContaining("unknown environment variable SWITCHBOARD_PROT; did you mean SWITCHBOARD_PORT?");
        assertThatThrownBy(() -> env(Map.of("SWITCHBOARD_LIMITS_MAX_BODY_BYTES", "1")))
                .hasMessageContaining("did you mean SWITCHBOARD_LIMITS__MAX_BODY_BYTES?");
        assertThatThrownBy(() -> env(Map.of("SWITCHBOARD_SESSIONS__STALE", "1h")))
                .hasMessageContaining("did you mean SWITCHBOARD_SESSIONS__STALE_AFTER?");
    }

    @Test
    void other_variables_are_not_ours_to_judge() {
        assertThat(env(Map.of("SWITCHBOARDX", "1", "HOME", "/root", "MY_SWITCHBOARD_PORT", "1")).server().port()).isEqualTo(7700);
    }

    @Test
    void cors_origins_are_exact_origins_never_a_wildcard() {
        var ok = ConfigLoader.defaults().set("http.cors_origins", List.of("https://App.Example.com", "http://[::1]:8080")).load();
        assertThat(ok.http().corsOrigins()).containsExactly("https://app.example.com", "http://[::1]:8080");
        assertThat(ConfigLoader.defaults().load().http().corsOrigins()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.defaults().set("http.cors_origins", List.of("*")).load())
                .hasMessageContaining("'*' is not allowed");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("http.cors_origins", List.of("https://a.example/")).load())
                .hasMessageContaining("is not an origin");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("http.cors_origin", List.of("https://a.example")).load())
                .hasMessageContaining("http.cors_origin");
    }
}
