package dev.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[sources]]} in the config file: read, defaulted, and every mistake named before the server opens anything. */
class SourcesConfigTest {
    @TempDir Path dir;

    private Path toml(String text) throws Exception {
        Path f = dir.resolve("switchboard.toml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void sources_are_read_with_follow_on_by_default_and_home_expanded() throws Exception {
        var cfg = ConfigLoader.defaults().file(toml("""
                [[sources]]
                kind = "claude-code"
                path = "~/.claude/projects"
                channel = "laptop"

                [[sources]]
                kind = "hermes"
                follow = false
                agent = "nas-hermes"
                """)).load();
        var specs = SourceSpecs.fromConfig(cfg.sources(), Path.of("/home/ada"));
        assertThat(specs).hasSize(2);
        assertThat(specs.get(0).paths()).containsExactly(Path.of("/home/ada/.claude/projects"));
        assertThat(specs.get(0).follow()).isTrue();
        assertThat(specs.get(0).channel()).isEqualTo("laptop");
        assertThat(specs.get(1).paths()).containsExactly(Path.of("/home/ada/.hermes"));
        assertThat(specs.get(1).follow()).isFalse();
        assertThat(specs.get(1).agent()).isEqualTo("nas-hermes");
        assertThat(ConfigLoader.defaults().load().sources()).isEmpty();
    }

    @Test
    void unknown_keys_and_kinds_are_errors_that_name_them() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.defaults().file(toml("""
                [[sources]]
                kind = "codex"
                folow = true
                """)).load()).isInstanceOf(ConfigException.class).hasMessageContaining("sources[0].folow");
        var cfg = ConfigLoader.defaults().file(toml("""
                [[sources]]
                kind = "cursor"
                """)).load();
        assertThatThrownBy(() -> SourceSpecs.fromConfig(cfg.sources(), dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources[0].kind").hasMessageContaining("claude-code, codex, openclaw, hermes");
        var badChannel = ConfigLoader.defaults().file(toml("""
                [[sources]]
                kind = "codex"
                channel = "My Laptop"
                """)).load();
        assertThatThrownBy(() -> SourceSpecs.fromConfig(badChannel.sources(), dir)).hasMessageContaining("sources[0].channel");
        assertThatThrownBy(() -> ConfigLoader.defaults().set("sources", List.of("codex")).load())
                .hasMessageContaining("sources[0] must be a table");
    }
}
