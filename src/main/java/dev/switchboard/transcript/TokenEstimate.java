package dev.switchboard.transcript;

/**
 * A message's size in tokens, estimated once when it is appended and stored with it (with the running total
 * through it, so the tokens of any range of an instance are two lookups: see V7__checkpoints.sql). The
 * estimate is the message's own {@code usage.output_tokens} when the agent reported one (the model counted
 * it), else its characters / 4, rounded up, plus {@value #FRAMING} for the role and separators every chat
 * format adds. Characters are those of the stored content and tool-call JSON: no parsing on the single writer.
 */
public final class TokenEstimate {
    /** Per-message overhead of chat formats (role, separators): OpenAI documents 3–4 per message. */
    public static final int FRAMING = 4;

    private TokenEstimate() {}

    public static long of(NewMessage m) {
        long reported = m.usageTotals().outputTokens();
        if (reported > 0) return reported;
        return ofChars(length(m.content()) + length(m.toolCalls()));
    }

    /** The estimate of text that is not a stored message (a summary, the session context block, directives). */
    public static long ofText(String text) {
        return text == null || text.isEmpty() ? 0 : ofChars(text.length());
    }

    private static long ofChars(long chars) {
        return (chars + 3) / 4 + FRAMING;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
