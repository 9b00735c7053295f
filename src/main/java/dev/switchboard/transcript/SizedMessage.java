package dev.switchboard.transcript;

/**
 * A stored message with its token estimate ({@link TokenEstimate}) and the running total of its instance's
 * estimates through it: the tokens of messages {@code a..b} are {@code through(b) - through(a - 1)}.
 */
public record SizedMessage(Message message, long tokens, long tokensThrough) {
    public long seq() {
        return message.seq();
    }
}
