package dev.switchboard.mcp.tools;

import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.TranscriptService;

/** {@code read_transcript}: {@code GET /v1/sessions/{key}/messages} (instance, seq window, order, cursor). */
final class ReadTranscript implements Tool {
    private final TranscriptService transcripts;

    ReadTranscript(TranscriptService transcripts) {
        this.transcripts = transcripts;
    }

    @Override public String name() { return "read_transcript"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        call.args().check();
        var page = transcripts.list(call.caller(), key, MessageQuery.read(call.query()));
        return ToolResult.page(page, Texts.page("messages of " + key, page, Texts::message), page.items().size(),
                n -> call(call.withMaxItems(n)));
    }
}
