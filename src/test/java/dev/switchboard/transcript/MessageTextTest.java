package dev.switchboard.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void string_content_is_its_own_text() {
        assertThat(MessageText.of("\"hello there\"", null)).isEqualTo("hello there");
    }

    @Test
    void text_blocks_are_joined_by_newlines() {
        assertThat(MessageText.of("[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]", null))
                .isEqualTo("one\ntwo");
    }

    @Test
    void tool_use_shows_its_name_and_tool_result_its_content() {
        String content = """
                [{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}},
                 {"type":"tool_result","tool_use_id":"t1","content":"README.md"},
                 {"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"nested"}]}]""";
        assertThat(MessageText.of(content, null)).isEqualTo("[tool_use Bash]\nREADME.md\nnested");
    }

    @Test
    void thinking_is_left_out_and_images_are_named() {
        String content = """
                [{"type":"thinking","thinking":"secret plan"},{"type":"image","source":{"data":"AAAA"}},
                 {"type":"text","text":"done"}]""";
        assertThat(MessageText.of(content, null)).isEqualTo("[image]\ndone");
    }

    @Test
    void openai_tool_calls_show_the_function_name() {
        assertThat(MessageText.of(null, "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]"))
                .isEqualTo("[tool_call lookup]");
    }

    @Test
    void unknown_blocks_with_text_are_kept_and_others_skipped() {
        assertThat(MessageText.of("[{\"type\":\"citation\",\"text\":\"cited\"},{\"type\":\"custom\",\"data\":1}]", null))
                .isEqualTo("cited");
    }

    @Test
    void unparseable_content_is_indexed_raw_rather_than_failing() {
        assertThat(MessageText.of("{not json", null)).isEqualTo("{not json");
    }
}
