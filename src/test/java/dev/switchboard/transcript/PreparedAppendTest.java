package dev.switchboard.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.json.Json;
import dev.switchboard.session.LastMessage;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Ulid;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON an append prepares off the writer is, once spliced, exactly the JSON of the message it stores. */
class PreparedAppendTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00.123456Z");

    @Test
    void a_spliced_message_is_the_json_of_the_stored_message_whatever_its_fields() {
        var plain = new NewMessage("user", "\"hello \\\"you\\\"\\n\"", null, null, null, null, UsageTotals.ZERO, null, null, 5);
        var full = new NewMessage("assistant", "[{\"type\":\"text\",\"text\":\"é ☃ 𝄞\"}]", "bot", "call_1",
                "[{\"id\":\"c\",\"function\":{\"name\":\"ls\"}}]", "{\"input_tokens\":10,\"cache_read_tokens\":5}",
                new UsageTotals(10, 0, 5, 0, 0, 0), "{\"k\":[1,2.50]}", Instant.parse("2025-01-01T00:00:00.987654Z"), 9);
        PreparedAppend prepared = PreparedAppend.of(List.of(plain, full), NOW);
        long seq = 41;
        String instance = Ulid.next(NOW.toEpochMilli());
        for (PreparedAppend.Item item : prepared.items()) {
            String id = Ulid.next(NOW.toEpochMilli());
            NewMessage m = item.message();
            var stored = new Message(++seq, id, instance, m.role(), m.content(), m.name(), m.toolCallId(), m.toolCalls(),
                    m.usage(), m.metadata(), item.createdAt());
            assertThat(PreparedAppend.json(seq, id, instance, item)).isEqualTo(Json.write(stored));
        }
        assertThat(prepared.items().get(0).createdAt()).isEqualTo(NOW);
        assertThat(prepared.items().get(1).createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.987Z"));
        assertThat(prepared.lastPrompt()).isEqualTo(15);
        assertThat(LastMessage.withSeq(43, prepared.lastMessage())).isEqualTo(
                LastMessage.json(43, "assistant", "é ☃ 𝄞\n[tool_call ls]", Instant.parse("2025-01-01T00:00:00.987Z")));
    }
}
