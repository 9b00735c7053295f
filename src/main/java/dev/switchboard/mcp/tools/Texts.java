package dev.switchboard.mcp.tools;

import dev.switchboard.directive.Directive;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.run.Run;
import dev.switchboard.session.Session;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageText;
import java.util.List;
import java.util.function.Function;

/**
 * The short text renderings of tool results, for clients that show a model text only: one line per object with what
 * an agent needs to act on it, messages as {@code #seq role: text}, and how to continue a page.
 */
final class Texts {
    private Texts() {}

    static String session(Session s) {
        var b = new StringBuilder("session ").append(s.key()).append(" (").append(s.status()).append(")")
                .append(" agent=").append(s.agent()).append(" channel=").append(s.channel())
                .append(" messages=").append(s.messageCount()).append(" version=").append(s.version())
                .append(" updated=").append(Json.time(s.updatedAt()));
        if (s.title() != null) b.append(" title=").append(Json.write(s.title()));
        return b.toString();
    }

    static String message(Message m) {
        return "#" + m.seq() + " " + m.role() + ": " + MessageText.of(m.content(), m.toolCalls());
    }

    static String messages(List<Message> messages) {
        return lines(messages, Texts::message);
    }

    static String run(Run r) {
        var b = new StringBuilder("run ").append(r.id()).append(" on ").append(r.key()).append(": ")
                .append(r.status().wire()).append(" (agent ").append(r.agent()).append(")");
        if (r.error() != null) b.append(" error: ").append(r.error());
        return b.toString();
    }

    static String directive(Directive d) {
        String to = d.sessionKey() != null ? "session " + d.sessionKey()
                : "target channel=" + d.target().channel() + " agent=" + d.target().agent();
        return "directive " + d.id() + " [" + d.priority().wire() + ", " + d.status() + "] to " + to + " tags="
                + String.join(",", d.tags()) + ": " + d.content();
    }

    static <T> String lines(List<T> items, Function<T, String> line) {
        var b = new StringBuilder();
        for (T item : items) b.append(line.apply(item)).append('\n');
        return b.toString();
    }

    /** A page: a heading, one line per item, and how to read on. */
    static <T> String page(String what, Page<T> page, Function<T, String> line) {
        return page.items().size() + " " + what + "\n" + lines(page.items(), line) + more(page.nextCursor());
    }

    static String more(String nextCursor) {
        return nextCursor == null ? "(no more)" : "(more: call again with cursor=\"" + nextCursor + "\")";
    }
}
