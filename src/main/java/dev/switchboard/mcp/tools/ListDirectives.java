package dev.switchboard.mcp.tools;

import dev.switchboard.directive.DirectiveService;

/**
 * {@code list_directives}: {@code GET /v1/sessions/{key}/directives}, the pending ones unless {@code pending: false}
 * (an agent asks "what am I told to do?"; the full history is the exception).
 */
final class ListDirectives implements Tool {
    private final DirectiveService directives;

    ListDirectives(DirectiveService directives) {
        this.directives = directives;
    }

    @Override public String name() { return "list_directives"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        var f = call.args();
        String key = call.key();
        boolean pending = f.bool("pending").orElse(true);
        int limit = call.limit();
        String cursor = f.string("cursor", 2048).orElse(null);
        f.check();
        var page = directives.list(call.caller(), key, pending, limit, cursor);
        String what = (pending ? "pending " : "") + "directives of " + key;
        return ToolResult.page(page, Texts.page(what, page, Texts::directive), page.items().size(),
                n -> call(call.withMaxItems(n)));
    }
}
