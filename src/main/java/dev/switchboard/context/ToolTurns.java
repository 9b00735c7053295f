package dev.switchboard.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.SizedMessage;
import java.sql.SQLException;
import java.util.List;

/**
 * The turn-boundary rule: a tool result belongs to the tool call before it, so neither a context nor the tail a
 * compaction keeps may start with one (a model handed a result without its call rejects it or guesses). A tool
 * result is a {@code tool} message, or a message whose content has a {@code tool_result} block.
 */
public final class ToolTurns {
    /** How far back {@link #boundaryAtOrBefore} looks: parallel tool calls rarely have more results than this. */
    private static final int LOOK_BACK = 64;

    private ToolTurns() {}

    public static boolean isToolResult(Message m) {
        if ("tool".equals(m.role())) return true;
        String content = m.content();
        if (content == null || !content.startsWith("[") || !content.contains("tool_result")) return false;
        for (JsonNode block : Json.readStored(content)) {
            if ("tool_result".equals(block.path("type").asText())) return true;
        }
        return false;
    }

    /**
     * The greatest seq {@code s} with {@code floor <= s <= candidate} whose message is not a tool result (its
     * calls, if any, come before it or are it), so that a tail starting at {@code s} splits no call from its
     * result; {@code floor} when every message in between is a tool result, or no later boundary is found
     * within {@value #LOOK_BACK} messages.
     */
    public static long boundaryAtOrBefore(Tx tx, ContextStore store, String instance, long candidate, long floor)
            throws SQLException {
        if (candidate <= floor) return floor;
        // Almost always the candidate itself is a boundary: one point lookup; only after a tool result look further.
        List<SizedMessage> at = store.range(tx, instance, candidate, candidate, 1);
        if (!at.isEmpty() && !isToolResult(at.getFirst().message())) return candidate;
        List<SizedMessage> around = store.newestFirst(tx, instance, Math.max(floor, candidate - LOOK_BACK), candidate, LOOK_BACK);
        for (SizedMessage m : around) {
            if (!isToolResult(m.message())) return m.seq();
        }
        return floor;
    }
}
