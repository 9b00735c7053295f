package dev.switchboard.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.json.Json;
import dev.switchboard.session.PolicyDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README examples that aren't commands: each configuration block loads, each protocol line is JSON. */
class ReadmeTest {
    @TempDir
    Path dir;

    @Test
    void every_toml_block_is_a_configuration_the_server_accepts() throws Exception {
        var blocks = ReadmeBlocks.read().of("toml");
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        for (var b : blocks) {
            Path file = Files.writeString(dir.resolve("line-" + b.line() + ".toml"), b.text());
            assertThatCode(() -> {
                var config = ConfigLoader.defaults().file(file).load();
                PolicyDocument.fromConfig(config.policies());
            }).as("README.md line " + b.line()).doesNotThrowAnyException();
        }
    }

    @Test
    void every_json_block_is_one_json_document_or_one_per_line() {
        var blocks = ReadmeBlocks.read().of("json");
        assertThat(blocks).isNotEmpty();
        for (var b : blocks) {
            if (isJson(b.text())) continue; // a config entry spread over lines
            for (String line : b.text().lines().filter(l -> !l.isBlank()).toList()) {
                assertThatCode(() -> Json.MAPPER.readTree(line)).as("README.md line " + b.line() + ": " + line)
                        .doesNotThrowAnyException();
            }
        }
    }

    private static boolean isJson(String text) {
        try {
            Json.MAPPER.readTree(text);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void blocks_inside_list_items_lose_the_items_indentation() {
        var parsed = ReadmeBlocks.parse(java.util.List.of("- item:", "", "  ```bash", "  echo hi", "  ```"));
        assertThat(parsed.of("bash")).singleElement().satisfies(b -> assertThat(b.text()).isEqualTo("echo hi\n"));
    }
}
