package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;

/**
 * Reads a process agent's stdout, line by line. A line that is a JSON object with a known {@code type} is
 * structured output:
 * <ul>
 *   <li>{@code {"type":"message","role":"assistant","content":…}} — a complete message (any message field);</li>
 *   <li>{@code {"type":"delta","text":"…"}} — streamed assistant text;</li>
 *   <li>{@code {"type":"usage","input_tokens":…,"output_tokens":…,"cost_usd":…,"model":…}};</li>
 *   <li>{@code {"type":"directive_ack","id":"…","result":…}} — acknowledges a directive it was given.</li>
 * </ul>
 * Anything else is plain text: consecutive text lines form one assistant message (joined by newlines). A plain
 * line is also a line next to streamed deltas: it starts on a line of its own after them, and deltas after it
 * start on the next line, so {@code delta "hi"} then {@code a plain line} reads "hi\na plain line", not
 * "hia plain line".
 */
final class StdoutProtocol {
    private final OutputSink out;
    /** What the current message's text ends with: nothing yet, deltas, or a plain line. */
    private enum Tail { NONE, DELTA, PLAIN }
    private Tail tail = Tail.NONE;
    /** Whether that text ends with a newline already (then no separator is added). */
    private boolean endsWithNewline;

    StdoutProtocol(OutputSink out) {
        this.out = out;
    }

    /** Handles one line (without its newline) that occupies bytes {@code [start, end)} of stdout. */
    void line(String line, long start, long end) {
        out.position(start, end);
        JsonNode node = structured(line);
        String type = node == null ? "" : node.get("type").asText();
        switch (type) {
            case "message" -> {
                out.message(node);
                tail = Tail.NONE;
            }
            case "delta" -> text(node.path("text").asText(""), Tail.DELTA);
            case "usage" -> out.usage(node);
            case "directive_ack" -> out.ack(node.path("id").asText(node.path("directive_id").asText("")), node.get("result"));
            default -> text(line, Tail.PLAIN);
        }
    }

    /** Deltas glue to deltas; a plain line is separated by a newline from whatever text came before or after it. */
    private void text(String text, Tail kind) {
        if (text.isEmpty() && kind == Tail.DELTA) return; // an empty plain line is still a line
        boolean separate = tail != Tail.NONE && !endsWithNewline && (kind == Tail.PLAIN || tail == Tail.PLAIN);
        out.delta(separate ? "\n" + text : text);
        tail = kind;
        endsWithNewline = text.endsWith("\n");
    }

    private static JsonNode structured(String line) {
        String t = line.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) return null;
        try {
            JsonNode node = Json.MAPPER.readTree(t);
            if (!node.isObject() || !node.path("type").isTextual()) return null;
            return switch (node.get("type").asText()) {
                case "message", "delta", "usage", "directive_ack" -> node;
                default -> null;
            };
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
