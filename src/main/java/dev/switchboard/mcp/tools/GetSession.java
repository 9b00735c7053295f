package dev.switchboard.mcp.tools;

import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;

/** {@code get_session}: {@code GET /v1/sessions/{key}}. */
final class GetSession implements Tool {
    private final SessionService sessions;

    GetSession(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override public String name() { return "get_session"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        call.args().check();
        Session s = sessions.get(call.caller(), key);
        return ToolResult.of(s, Texts.session(s));
    }
}
