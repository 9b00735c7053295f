package dev.switchboard.mcp.tools;

import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveService;

/** {@code ack_directive}: {@code POST /v1/directives/{id}/ack} (acking twice keeps the first result). */
final class AckDirective implements Tool {
    private final DirectiveService directives;

    AckDirective(DirectiveService directives) {
        this.directives = directives;
    }

    @Override public String name() { return "ack_directive"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) {
        String id = call.args().requiredString("id", 64);
        call.args().check();
        Directive d = directives.ack(call.caller(), id, call.body("id"));
        return ToolResult.of(d, "acked " + Texts.directive(d));
    }
}
