package dev.switchboard.preview;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageText;
import dev.switchboard.transcript.TranscriptStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Previews of sessions' latest messages for lists and dashboards: the text of each message as
 * {@link MessageText} extracts it (the same text search indexes), whitespace collapsed, cut to
 * {@code max_chars} with an ellipsis. Cutting is what a preview asks for, so it is not a limit
 * violation; each item says whether it was cut.
 */
public final class PreviewService {
    public static final int DEFAULT_LIMIT = 12;
    public static final int MAX_LIMIT = 50;
    public static final int DEFAULT_MAX_CHARS = 240;
    public static final int MAX_CHARS = 2000;
    public static final int MAX_KEYS = 64;

    private final Database db;
    private final SessionStore sessions;
    private final TranscriptStore transcripts;

    public PreviewService(Database db, SessionStore sessions, TranscriptStore transcripts) {
        this.db = db;
        this.sessions = sessions;
        this.transcripts = transcripts;
    }

    /** {@code GET /v1/sessions/{key}/preview}: 404 when missing or outside the grants. */
    public Preview preview(Caller caller, String key, int limit, int maxChars) {
        caller.require(Scope.TRANSCRIPTS_READ);
        Preview p = db.read(tx -> one(tx, caller, key, limit, maxChars));
        if (p.items() == null) throw ProblemException.notFound("session " + key);
        return p;
    }

    /** {@code POST /v1/sessions/preview}: up to 64 keys in one read; unknown keys come back as missing. */
    public List<Preview> previews(Caller caller, JsonNode body) {
        caller.require(Scope.TRANSCRIPTS_READ);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("keys", "limit", "max_chars"));
        List<String> keys = f.requiredStrings("keys", 512, "(an array of session keys)").orElse(null);
        int limit = f.integer("limit", 1, MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
        int maxChars = f.integer("max_chars", 1, MAX_CHARS).orElse((long) DEFAULT_MAX_CHARS).intValue();
        f.check();
        if (keys.size() > MAX_KEYS) {
            throw ProblemException.tooLarge("a batch previews at most " + MAX_KEYS + " keys; this one has " + keys.size());
        }
        return db.read(tx -> {
            var out = new ArrayList<Preview>(keys.size());
            for (String key : keys) out.add(one(tx, caller, key, limit, maxChars));
            return out;
        });
    }

    private Preview one(Tx tx, Caller caller, String key, int limit, int maxChars) throws SQLException {
        Session s = sessions.find(tx, key).orElse(null);
        // Outside the grants looks exactly like missing, as everywhere.
        if (s == null || !caller.canSee(s.key(), s.channel(), s.agent())) return Preview.missing(key);
        List<Message> latest = transcripts.list(tx, s.id(), null, null, limit, true);
        var items = new ArrayList<Preview.Item>(latest.size());
        for (Message m : latest.reversed()) items.add(item(m, maxChars));
        return new Preview(key, null, List.copyOf(items));
    }

    static Preview.Item item(Message m, int maxChars) {
        String text = MessageText.of(m.content(), m.toolCalls()).replaceAll("\\s+", " ").strip();
        if (text.length() <= maxChars) return new Preview.Item(m.seq(), m.role(), text, false);
        int cut = maxChars - 1; // room for the ellipsis
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) cut--; // never split a surrogate pair
        return new Preview.Item(m.seq(), m.role(), text.substring(0, cut) + "…", true);
    }
}
