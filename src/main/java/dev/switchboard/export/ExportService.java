package dev.switchboard.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Instance;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.TranscriptStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/sessions/{key}/export}: a session as NDJSON (docs/API.md "Export format"), one JSON
 * object per line, each with a {@code type}:
 * <pre>
 * {"type":"session","format":"switchboard.export","version":1,"exported_at":"…","session":{…session object…}}
 * {"type":"instance","instance":{…instance…}}          (oldest first; only the asked-for one with ?instance=)
 * {"type":"message","message":{…message object…}}      (that instance's messages in seq order)
 * </pre>
 *
 * <p>Streamed: messages are read in pages of {@link #PAGE}, each page in its own short read
 * transaction, and written out before the next is read, so memory stays flat however long the session
 * and a slow client never holds a pooled reader connection. The price: an export taken while messages
 * are appended may end at a different point than the session line's {@code message_count} says.
 * Everything that can fail with a problem (auth, missing session, unknown instance) is checked before
 * the first byte is sent.
 */
public final class ExportService {
    public static final String CONTENT_TYPE = "application/x-ndjson";
    public static final int FORMAT_VERSION = 1;
    static final int PAGE = 500;

    private final Database db;
    private final SessionService sessions;
    private final SessionLifecycle lifecycle;
    private final TranscriptStore transcripts;
    private final Clock clock;

    /** What an export covers, settled before streaming starts. */
    public record Plan(Session session, List<Instance> instances) {}

    public ExportService(Database db, SessionService sessions, SessionLifecycle lifecycle, TranscriptStore transcripts,
                         Clock clock) {
        this.db = db;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.transcripts = transcripts;
        this.clock = clock;
    }

    /** Checks access and picks the instances: all of them, or {@code instanceId} only (404 if not this session's). */
    public Plan plan(Caller caller, String key, String instanceId) {
        caller.require(Scope.TRANSCRIPTS_READ);
        return db.read(tx -> {
            Session s = sessions.requireReadable(tx, caller, key);
            List<Instance> all = lifecycle.allInstances(tx, s);
            if (instanceId == null) return new Plan(s, all);
            List<Instance> one = all.stream().filter(i -> i.id().equals(instanceId)).toList();
            if (one.isEmpty()) throw ProblemException.notFound("instance " + instanceId + " of session " + key);
            return new Plan(s, one);
        });
    }

    /** Writes the plan as NDJSON; I/O errors (a client that went away) end the export. */
    public void write(Plan plan, OutputStream out) {
        try {
            ObjectNode head = Json.object();
            head.put("type", "session");
            head.put("format", "switchboard.export");
            head.put("version", FORMAT_VERSION);
            head.put("exported_at", Json.time(clock.instant()));
            head.set("session", Json.tree(plan.session()));
            line(out, Json.write(head));
            for (Instance instance : plan.instances()) {
                line(out, "{\"type\":\"instance\",\"instance\":" + Json.write(instance) + "}");
                long after = 0;
                while (true) {
                    long from = after;
                    List<Message> page = db.read(tx -> transcripts.list(tx, instance.id(), from, null, PAGE, false));
                    for (Message m : page) line(out, "{\"type\":\"message\",\"message\":" + Json.write(m) + "}");
                    out.flush();
                    if (page.size() < PAGE) break;
                    after = page.getLast().seq();
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("export of " + plan.session().key() + " interrupted", e);
        }
    }

    private static void line(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
