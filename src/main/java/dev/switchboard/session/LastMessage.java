package dev.switchboard.session;

import dev.switchboard.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * The {@code last_message} of a session object: the current instance's newest message, its text cut to
 * {@link #MAX_TEXT} characters (a preview for lists; the transcript has it whole). Stored on the session row as JSON
 * by the writes that change it (append, undo, rollback, rewrite, reset, switch), so a list reads no messages.
 */
public final class LastMessage {
    public static final int MAX_TEXT = 200;

    private LastMessage() {}

    /** The stored JSON {@code {seq, role, text, created_at}}. */
    public static String json(long seq, String role, String text, Instant createdAt) {
        var m = new LinkedHashMap<String, Object>();
        m.put("seq", seq);
        m.put("role", role);
        m.put("text", text.length() <= MAX_TEXT ? text : text.substring(0, cut(text)));
        m.put("created_at", Json.time(createdAt));
        return Json.write(m);
    }

    /** {@link #MAX_TEXT}, one less when that would split a surrogate pair. */
    private static int cut(String text) {
        return Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    }
}
