package dev.switchboard.mcp;

import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionQuery;
import dev.switchboard.session.SessionService;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.MessageText;
import dev.switchboard.transcript.TranscriptService;
import dev.switchboard.web.Problems;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources: each session the caller can see ({@code switchboard://sessions/{key}}, its JSON) and its transcript
 * ({@code …/transcript}, the recent messages as text). Listing pages through {@code GET /v1/sessions} with the
 * caller's token, so it holds exactly the sessions inside its grants; reading calls the same services as REST.
 * Resources are protocol objects, so a failure here is a JSON-RPC error: {@code -32002} for a session that is
 * missing or outside the grants (its existence is not revealed), the problem's slug and detail otherwise.
 */
final class SessionResources {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain";
    /** Sessions per {@code resources/list} page (two resources each). */
    private static final int PAGE = 50;
    /** Messages a transcript resource shows at most: the recent ones; {@code read_transcript} pages through all. */
    private static final int RECENT = 50;

    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final int maxChars;

    SessionResources(SessionService sessions, TranscriptService transcripts, int maxChars) {
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.maxChars = maxChars;
    }

    List<McpSchema.ResourceTemplate> templates() {
        return List.of(
                McpSchema.ResourceTemplate.builder().uriTemplate(SessionUris.SESSION_TEMPLATE).name("session")
                        .title("Session").mimeType(JSON)
                        .description("A Switchboard session (API.md Session object): key, status, agent, channel, "
                                + "title, metadata, message count, usage, version.").build(),
                McpSchema.ResourceTemplate.builder().uriTemplate(SessionUris.TRANSCRIPT_TEMPLATE).name("transcript")
                        .title("Session transcript").mimeType(TEXT)
                        .description("The last " + RECENT + " messages of a session's current instance as text, one "
                                + "'#seq role: text' per message; use the read_transcript tool to page through all.")
                        .build());
    }

    McpSchema.ListResourcesResult list(Caller caller, String cursor) {
        Page<Session> page = protocol(() -> sessions.list(caller,
                new SessionQuery(null, null, null, null, null, null, "updated_desc", PAGE, cursor)));
        var resources = new ArrayList<McpSchema.Resource>(page.items().size() * 2);
        for (Session s : page.items()) {
            String label = s.title() != null ? s.title() : s.key();
            resources.add(McpSchema.Resource.builder().uri(SessionUris.session(s.key())).name(s.key())
                    .title(label).mimeType(JSON).description("session " + s.key() + " (" + s.status() + ")").build());
            resources.add(McpSchema.Resource.builder().uri(SessionUris.transcript(s.key())).name(s.key() + " transcript")
                    .title(label + " — transcript").mimeType(TEXT)
                    .description(s.messageCount() + " messages in the current instance").build());
        }
        return McpSchema.ListResourcesResult.builder(resources).nextCursor(page.nextCursor()).build();
    }

    McpSchema.ReadResourceResult read(Caller caller, String uri) {
        var target = SessionUris.parse(uri).orElseThrow(() -> notFound(uri));
        String text = protocol(() -> target.transcript() ? transcript(caller, target.key()) : session(caller, target.key()),
                uri);
        return new McpSchema.ReadResourceResult(List.of(
                new McpSchema.TextResourceContents(uri, target.transcript() ? TEXT : JSON, text)));
    }

    private String session(Caller caller, String key) {
        String json = Json.write(sessions.get(caller, key));
        if (json.length() > maxChars) throw ProblemException.tooLarge("session " + key + " is " + json.length()
                + " characters, over [mcp] max_output_chars (" + maxChars + "); read it with GET /v1/sessions/{key}");
        return json;
    }

    /** The recent messages, oldest first; fewer when they would exceed the output bound (the header says so). */
    private String transcript(Caller caller, String key) {
        for (int limit = RECENT; ; limit = Math.max(1, limit / 2)) {
            var page = transcripts.list(caller, key, new MessageQuery(null, null, null, limit, true, null));
            List<Message> recent = page.items().reversed();
            var text = new StringBuilder("transcript of ").append(key).append(": ");
            if (recent.isEmpty()) text.append("no messages yet\n");
            else text.append("messages #").append(recent.getFirst().seq()).append("–#").append(recent.getLast().seq())
                    .append(page.nextCursor() == null ? " (all)\n"
                            : " (earlier ones: read_transcript with before_seq=" + recent.getFirst().seq() + ")\n");
            for (Message m : recent) text.append('#').append(m.seq()).append(' ').append(m.role()).append(": ")
                    .append(MessageText.of(m.content(), m.toolCalls())).append('\n');
            if (text.length() <= maxChars) return text.toString();
            if (limit == 1) throw ProblemException.tooLarge("the last message of " + key + " alone is over [mcp] "
                    + "max_output_chars (" + maxChars + "); read it with the read_transcript tool or over REST");
        }
    }

    private static McpError notFound(String uri) {
        return McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("resource not found: " + uri).build();
    }

    private static <T> T protocol(java.util.function.Supplier<T> read) {
        return protocol(read, null);
    }

    /** Runs a read, turning its problem into the JSON-RPC error a client expects for a resource. */
    static <T> T protocol(java.util.function.Supplier<T> read, String uri) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            ProblemException p = Problems.toProblem(e);
            if (uri != null && p.type() == ProblemType.NOT_FOUND) throw notFound(uri);
            throw McpError.builder(p.type() == ProblemType.VALIDATION ? McpSchema.ErrorCodes.INVALID_PARAMS
                    : McpSchema.ErrorCodes.INVALID_REQUEST).message(p.type().slug() + ": " + p.detail()).build();
        }
    }
}
