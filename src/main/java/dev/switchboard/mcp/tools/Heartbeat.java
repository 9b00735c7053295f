package dev.switchboard.mcp.tools;

import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;

/** {@code heartbeat}: {@code POST /v1/sessions/{key}/heartbeat} (keeps the session active; may set status, title, model, metadata). */
final class Heartbeat implements Tool {
    private final SessionService sessions;

    Heartbeat(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override public String name() { return "heartbeat"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        String key = call.key();
        call.args().check();
        Session s = sessions.heartbeat(call.caller(), key, call.body("key"));
        return ToolResult.of(s, Texts.session(s));
    }
}
