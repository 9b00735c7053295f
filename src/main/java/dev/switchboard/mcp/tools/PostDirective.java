package dev.switchboard.mcp.tools;

import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveService;

/** {@code post_directive}: {@code POST /v1/directives} (to one session, or to a channel/agent target). */
final class PostDirective implements Tool {
    private final DirectiveService directives;

    PostDirective(DirectiveService directives) {
        this.directives = directives;
    }

    @Override public String name() { return "post_directive"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        Directive d = directives.create(call.caller(), call.body());
        return ToolResult.of(d, "posted " + Texts.directive(d));
    }
}
