package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionQuery;
import dev.switchboard.session.SessionService;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.TranscriptService;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The server's own services, called in-process as the system caller (the follower of {@code [[sources]]}).
 * Requests go through the same validation ({@link MessageInput}) and the same services as REST, so limits,
 * events and search apply exactly as they do to a client's appends.
 */
public final class ServiceTarget implements ImportTarget {
    private static final Caller CALLER = SystemCaller.INSTANCE;
    /** {@link #find} looks for the newest imported message this many at a time, up to {@link #LOOK_BACK}. */
    private static final int LOOK_PAGE = 20;
    /** How far back it looks past messages others appended (a run's replies, a client's notes). */
    private static final int LOOK_BACK = 500;

    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final MessageInput input;

    public ServiceTarget(SessionService sessions, TranscriptService transcripts, MessageInput input) {
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.input = input;
    }

    @Override
    public Optional<Existing> find(String key) {
        Session s;
        try {
            s = sessions.get(CALLER, key);
        } catch (ProblemException e) {
            if (e.type() == ProblemType.NOT_FOUND) return Optional.empty();
            throw e;
        }
        return Optional.of(new Existing(s.title(), s.model(), s.ended(), lastImported(key), s.messageCount(), s.usage(),
                s.metadata()));
    }

    private Optional<SourceRef> lastImported(String key) {
        String cursor = null;
        for (int seen = 0; seen < LOOK_BACK; seen += LOOK_PAGE) {
            var page = transcripts.list(CALLER, key, new MessageQuery(null, null, null, LOOK_PAGE, true, cursor));
            for (Message m : page.items()) {
                SourceRef ref = SourceRef.fromMetadata(Json.readStored(m.metadata()));
                if (ref != null) return Optional.of(ref);
            }
            cursor = page.nextCursor();
            if (cursor == null) break;
        }
        return Optional.empty();
    }

    @Override
    public boolean create(SourceSession session) {
        return sessions.create(CALLER, TargetJson.session(session)).created();
    }

    @Override
    public void update(String key, String title, String model, ObjectNode metadataPatch) {
        sessions.patch(CALLER, key, TargetJson.patch(title, model, metadataPatch), null);
    }

    @Override
    public Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId) {
        String cursor = null;
        do {
            var page = sessions.list(CALLER, new SessionQuery(null, null, null, null, keyPrefix, null, "created_asc", 500, cursor));
            for (Session s : page.items()) {
                if (s.key().startsWith(keyPrefix) && TargetJson.holdsSourceSession(s.metadata(), sourceSessionId)) {
                    return Optional.of(s.key());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.empty();
    }

    @Override
    public void append(String key, ObjectNode batch) {
        try {
            transcripts.appendParsed(CALLER, key, input.parse(batch));
        } catch (ProblemException e) {
            throw switch (e.type()) {
                case PAYLOAD_TOO_LARGE, VALIDATION -> new Refused(e.detail());
                case SESSION_ENDED -> new Ended(key);
                default -> e;
            };
        }
    }

    @Override
    public Set<String> importedIds(String key) {
        var ids = new HashSet<String>();
        String cursor = null;
        do {
            var page = transcripts.list(CALLER, key, new MessageQuery(null, null, null, 500, false, cursor));
            for (Message m : page.items()) {
                SourceRef ref = SourceRef.fromMetadata(Json.readStored(m.metadata()));
                if (ref != null) ids.add(ref.id());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }
}
