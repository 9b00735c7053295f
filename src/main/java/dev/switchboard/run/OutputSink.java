package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an adapter reports while it runs. Text deltas stream out as {@code run.output} events and
 * accumulate into the run's assistant message; complete messages are appended to the transcript.
 * Implementations are thread-safe; a failure to record (e.g. the session ended) is thrown to the adapter.
 */
public interface OutputSink {
    /** Streamed assistant text. */
    void delta(String text);

    /** A complete message ({@code role}, {@code content}, optional {@code name}, {@code tool_calls}, {@code usage}, …). */
    void message(JsonNode message);

    /** Token usage ({@code input_tokens}, {@code output_tokens}, …, {@code model}); summed into the run's messages. */
    void usage(JsonNode usage);

    /** The agent acknowledges a directive it was given. */
    void ack(String directiveId, JsonNode result);

    /**
     * Process adapter only: the byte range of stdout the next reports come from, so a re-attached
     * supervisor can resume parsing exactly where the durable transcript stops.
     */
    default void position(long lineStart, long lineEnd) {}

    /** Process adapter only: the process wrote to its stderr log (it counts as activity, not as output). */
    default void logWritten() {}
}
