package dev.switchboard.directive;

import java.util.List;

/**
 * The text form of directives every agent sees (README "Directives"), one rendering for runs and for
 * {@code GET /v1/sessions/{key}/context}:
 * <pre>
 * [directives]
 * - urgent (tags: ops, deploy; id 01J…): Stop the deploy.
 * [/directives]
 * </pre>
 */
public final class DirectiveBlock {
    private DirectiveBlock() {}

    /** The block, or "" for no directives. */
    public static String render(List<Directive> directives) {
        if (directives.isEmpty()) return "";
        var sb = new StringBuilder("[directives]\n");
        for (Directive d : directives) {
            sb.append("- ").append(d.priority().wire()).append(" (tags: ").append(String.join(", ", d.tags()));
            if (d.missionId() != null) sb.append("; mission ").append(d.missionId());
            sb.append("; id ").append(d.id()).append("): ").append(d.content()).append('\n');
        }
        return sb.append("[/directives]").toString();
    }
}
