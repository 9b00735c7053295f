package dev.switchboard.mcp.tools;

import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventService;
import dev.switchboard.run.RunService;
import dev.switchboard.search.SearchService;
import dev.switchboard.session.SessionService;
import dev.switchboard.transcript.TranscriptService;
import java.util.List;

/**
 * Every MCP tool, each one small class calling one service method (the one its REST endpoint calls). Adding a tool is
 * a class here, its {@code /mcp/tools/<name>.json}, and a line below. Compaction's two ({@code get_context},
 * {@code compact_session}) join when that feature is on main: {@code ContextService.get(caller, key,
 * ContextService.Request.parse(call.query()))} (read-only) and {@code CompactionService.compact(caller, key,
 * call.body("key"))}.
 */
public final class Tools {
    /** The services the tools call. */
    public record Services(SessionService sessions, TranscriptService transcripts, SearchService search, RunService runs,
                           DirectiveService directives, EventService events) {}

    private Tools() {}

    public static List<Tool> all(Services s) {
        return List.of(
                new ListSessions(s.sessions()),
                new GetSession(s.sessions()),
                new ReadTranscript(s.transcripts()),
                new SearchTranscripts(s.search()),
                new AppendMessage(s.transcripts()),
                new SendMessage(s.runs(), s.transcripts(), s.events()),
                new GetRun(s.runs()),
                new AbortRun(s.runs()),
                new PostDirective(s.directives()),
                new ListDirectives(s.directives()),
                new AckDirective(s.directives()),
                new Heartbeat(s.sessions()));
    }
}
