package dev.switchboard.mcp.tools;

import dev.switchboard.session.SessionQuery;
import dev.switchboard.session.SessionService;

/** {@code list_sessions}: {@code GET /v1/sessions} with its filters and cursor. */
final class ListSessions implements Tool {
    private final SessionService sessions;

    ListSessions(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override public String name() { return "list_sessions"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        var page = sessions.list(call.caller(), SessionQuery.read(call.query()));
        return ToolResult.page(page, Texts.page("sessions", page, Texts::session), page.items().size(),
                n -> call(call.withMaxItems(n)));
    }
}
