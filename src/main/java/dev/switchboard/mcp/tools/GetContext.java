package dev.switchboard.mcp.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.context.ContextService;

/** {@code get_context}: {@code GET /v1/sessions/{key}/context} — what the session's agent should see next. */
final class GetContext implements Tool {
    private final ContextService contexts;

    GetContext(ContextService contexts) {
        this.contexts = contexts;
    }

    @Override public String name() { return "get_context"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        ObjectNode context = contexts.get(call.caller(), key, ContextService.Request.parse(call.query()));
        return ToolResult.of(context, "context of " + key + " (" + context.path("format").asText() + "): "
                + context.path("messages").size() + " messages" + (context.path("checkpoint_id").isTextual()
                        ? " after checkpoint " + context.path("checkpoint_id").asText() : "")
                + ", about " + context.path("tokens").path("total").asLong(0) + " tokens");
    }
}
