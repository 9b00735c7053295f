package dev.switchboard.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.limits.Limits;
import dev.switchboard.mcp.tools.Tool;
import dev.switchboard.problem.ProblemException;

/**
 * The one place every MCP tool call is admitted (who, which tool, what arguments), before the tool runs: stream
 * tokens kept to read-only tools, then the server's {@link Limits} — the same component REST requests and WebSocket
 * frames pass through — for the token's request budget, the arguments' size ({@code limits.max_body_bytes}) and
 * their JSON ({@code limits.max_json_depth}, text the store can keep as given). The SDK has parsed the JSON-RPC body
 * already, so the arguments are checked as a tree.
 */
final class CallLimits {
    private final Limits limits;

    CallLimits(Limits limits) {
        this.limits = limits;
    }

    void admit(Caller caller, Tool tool, JsonNode arguments, long argumentBytes) {
        if (caller.readOnly() && !tool.readOnly()) {
            throw ProblemException.forbidden("a stream token may only call read-only tools; " + tool.name() + " changes data");
        }
        limits.checkRequest(caller, argumentBytes);
        limits.checkTree(arguments);
    }
}
