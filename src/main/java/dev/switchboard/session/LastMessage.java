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

    /**
     * {@link #json} without its {@code seq}, made before the writer knows it; {@link #withSeq} completes it. The
     * text is the expensive part (a parse of the content), so it is done on the request's thread.
     */
    public static String withoutSeq(String role, String text, Instant createdAt) {
        String full = json(0, role, text, createdAt);
        return full.substring(SEQ_HEAD.length());
    }

    /** The stored JSON from {@link #withoutSeq}'s part and {@code seq}. */
    public static String withSeq(long seq, String withoutSeq) {
        return "{\"seq\":" + seq + "," + withoutSeq;
    }

    private static final String SEQ_HEAD = "{\"seq\":0,";

    /** {@link #MAX_TEXT}, one less when that would split a surrogate pair. */
    private static int cut(String text) {
        return Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    }
}
