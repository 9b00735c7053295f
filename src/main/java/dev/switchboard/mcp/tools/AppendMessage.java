package dev.switchboard.mcp.tools;

import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.TranscriptService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code append_message}: {@code POST /v1/sessions/{key}/messages} (one message, or {@code messages: [...]}). The
 * answer names what was appended (seq, id) without echoing the content back into the model's context.
 */
final class AppendMessage implements Tool {
    private final TranscriptService transcripts;

    /** One appended message, as the answer lists it. */
    record Appended(long seq, String id, String instance, String role, Instant createdAt) {}

    AppendMessage(TranscriptService transcripts) {
        this.transcripts = transcripts;
    }

    @Override public String name() { return "append_message"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        call.args().check();
        List<Message> appended = transcripts.append(call.caller(), key, call.body("key"));
        var items = appended.stream().map(m -> new Appended(m.seq(), m.id(), m.instance(), m.role(), m.createdAt())).toList();
        String text = "appended " + items.size() + " message(s) to " + key + " as #" + items.getFirst().seq()
                + (items.size() > 1 ? "–#" + items.getLast().seq() : "");
        return ToolResult.of(Map.of("key", key, "items", items), text);
    }
}
