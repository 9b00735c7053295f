package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.context.AssembledContext;
import dev.switchboard.context.ContextFormat;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveBlock;
import dev.switchboard.json.Json;
import java.util.List;

/**
 * How directives reach an agent (README "Directives"). Text agents get a block in front of the prompt:
 * <pre>
 * [directives]
 * - urgent (tags: ops, deploy; id 01J…): Stop the deploy.
 * [/directives]
 *
 * the input text
 * </pre>
 * JSON-lines agents get {@code {"type":"input", …, "directives": [...], "context": {…}}} and, while running,
 * {@code {"type":"directive","directive":{…}}} lines. The http adapter sends the block as a system message.
 */
final class DirectiveText {
    private DirectiveText() {}

    static String block(List<Directive> directives) {
        return DirectiveBlock.render(directives);
    }

    static String prompt(String input, List<Directive> directives) {
        return directives.isEmpty() ? input : block(directives) + "\n\n" + input;
    }

    /**
     * The first stdin line of a {@code jsonl} process agent; {@code context} is the session's assembled context in
     * the {@code switchboard} format of {@code GET /v1/sessions/{key}/context}.
     */
    static String inputLine(Run run, JsonNode input, List<Directive> directives, AssembledContext context) {
        ObjectNode o = Json.object();
        o.put("type", "input");
        o.put("run_id", run.id());
        o.put("session_key", run.key());
        o.set("message", input);
        o.set("directives", Json.tree(directives));
        o.set("context", ContextFormat.SWITCHBOARD.render(context));
        return Json.write(o);
    }

    /** A directive sent to a running {@code jsonl} agent. */
    static String directiveLine(Directive d) {
        ObjectNode o = Json.object();
        o.put("type", "directive");
        o.set("directive", Json.tree(d));
        return Json.write(o);
    }
}
