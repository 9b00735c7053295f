package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An {@link OutputSink} that keeps what an agent says as one text (for {@link AgentCall}): streamed deltas and the
 * text of complete messages, in order, messages separated by a blank line; the last usage report. Bounded: past
 * {@code maxChars} it keeps nothing more and says so ({@link #overflowed}), so a runaway agent can't fill the heap.
 */
final class CollectedOutput implements OutputSink {
    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private boolean inDelta;
    private boolean overflowed;
    private JsonNode usage;

    CollectedOutput(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public synchronized void delta(String delta) {
        if (!inDelta) separate();
        inDelta = true;
        append(delta);
    }

    @Override
    public synchronized void message(JsonNode message) {
        separate();
        inDelta = false;
        append(ContentText.of(message.get("content")));
        if (message.hasNonNull("usage")) usage = message.get("usage");
    }

    @Override
    public synchronized void usage(JsonNode report) {
        usage = report;
    }

    @Override
    public void ack(String directiveId, JsonNode result) {
        // a call delivers no directives
    }

    synchronized String text() {
        return text.toString().strip();
    }

    synchronized JsonNode usage() {
        return usage;
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    private void separate() {
        if (!text.isEmpty()) append("\n\n");
    }

    private void append(String s) {
        if (overflowed || s == null) return;
        if (text.length() + s.length() > maxChars) {
            overflowed = true;
            return;
        }
        text.append(s);
    }
}
