package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.directive.Directive;
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
 * JSON-lines agents get {@code {"type":"input", …, "directives": [...]}} and, while running,
 * {@code {"type":"directive","directive":{…}}} lines. The http adapter sends the block as a system message.
 */
final class DirectiveText {
    private DirectiveText() {}

    static String block(List<Directive> directives) {
        if (directives.isEmpty()) return "";
        var sb = new StringBuilder("[directives]\n");
        for (Directive d : directives) {
            sb.append("- ").append(d.priority().wire()).append(" (tags: ").append(String.join(", ", d.tags()));
            if (d.missionId() != null) sb.append("; mission ").append(d.missionId());
            sb.append("; id ").append(d.id()).append("): ").append(d.content()).append('\n');
        }
        return sb.append("[/directives]").toString();
    }

    static String prompt(String input, List<Directive> directives) {
        return directives.isEmpty() ? input : block(directives) + "\n\n" + input;
    }

    /** The first stdin line of a {@code jsonl} process agent. */
    static String inputLine(Run run, JsonNode input, List<Directive> directives) {
        ObjectNode o = Json.object();
        o.put("type", "input");
        o.put("run_id", run.id());
        o.put("session_key", run.key());
        o.set("message", input);
        o.set("directives", Json.tree(directives));
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
