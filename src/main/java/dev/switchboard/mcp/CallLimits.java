package dev.switchboard.mcp;

import dev.switchboard.api.RateLimit;
import dev.switchboard.auth.Caller;
import dev.switchboard.mcp.tools.Tool;
import dev.switchboard.problem.ProblemException;

/**
 * The one place every MCP tool call is admitted (who, which tool, how large its arguments), before the tool runs:
 * the token's request budget (the same {@link RateLimit} bucket as its {@code /v1} requests), the size of the
 * arguments (as for a request body, {@code limits.max_body_bytes}), and stream tokens kept to read-only tools.
 * When the transports' limits become one shared component, it is called from here instead.
 */
final class CallLimits {
    private final RateLimit rateLimit;
    private final long maxArgumentChars;

    CallLimits(RateLimit rateLimit, long maxArgumentChars) {
        this.rateLimit = rateLimit;
        this.maxArgumentChars = maxArgumentChars;
    }

    void admit(Caller caller, Tool tool, int argumentChars) {
        if (caller.readOnly() && !tool.readOnly()) {
            throw ProblemException.forbidden("a stream token may only call read-only tools; " + tool.name() + " changes data");
        }
        if (argumentChars > maxArgumentChars) {
            throw ProblemException.tooLarge("the arguments are " + argumentChars + " characters; limits.max_body_bytes is "
                    + maxArgumentChars);
        }
        rateLimit.check(caller);
    }
}
