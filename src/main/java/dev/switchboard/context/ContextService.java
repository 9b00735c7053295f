package dev.switchboard.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.input.Fields;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;

/**
 * {@code GET /v1/sessions/{key}/context} (and WebSocket {@code sessions.context}): what the session's agent should
 * see next ({@link ContextAssembler}), in the requested {@link ContextFormat}. Scope {@code transcripts:read}; a
 * session outside the caller's grants is a 404.
 */
public final class ContextService {
    /** Largest {@code max_messages} a request may ask for. */
    public static final int MAX_MESSAGES = 5_000;

    private final Database db;
    private final ContextAssembler assembler;
    private final SessionService sessions;

    public ContextService(Database db, ContextAssembler assembler, SessionService sessions) {
        this.db = db;
        this.assembler = assembler;
        this.sessions = sessions;
    }

    /** A parsed request: {@code max_tokens}, {@code max_messages}, {@code format}. */
    public record Request(Long maxTokens, Integer maxMessages, ContextFormat format) {
        /** The query parameters of {@code GET …/context}: anything else is a 422. */
        public static final java.util.Set<String> PARAMETERS = java.util.Set.of("max_tokens", "max_messages", "format");

        public static Request parse(Fields q) {
            Long maxTokens = q.integer("max_tokens", 1, 1L << 40).orElse(null);
            Integer maxMessages = q.integer("max_messages", 1, MAX_MESSAGES).map(Long::intValue).orElse(null);
            ContextFormat format = ContextFormat.fromWire(q.oneOf("format", ContextFormat.WIRE, "switchboard"));
            q.check();
            return new Request(maxTokens, maxMessages, format);
        }
    }

    public ObjectNode get(Caller caller, String key, Request r) {
        caller.require(Scope.TRANSCRIPTS_READ);
        return db.read(tx -> r.format().render(assembler.assemble(tx, sessions.requireReadable(tx, caller, key),
                new ContextAssembler.Budget(r.maxTokens(), r.maxMessages(), true))));
    }
}
