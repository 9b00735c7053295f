package dev.switchboard.context;

import dev.switchboard.store.Tx;
import dev.switchboard.transcript.SizedMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the messages of a context: from the newest back towards {@code fromSeq}, as many as fit the token budget
 * and the message limit. The newest message is always in (a run's input must reach the agent, however large),
 * and the selection never starts with a tool result ({@link ToolTurns}): such results are dropped from the old
 * end, or, when the results are all there is, their call is fetched even though it goes over the budget.
 * Reads only the tail it returns (plus one page-end row), newest first, in pages.
 */
final class TailSelection {
    private static final int PAGE = 256;

    private TailSelection() {}

    /** Oldest first. */
    static List<SizedMessage> select(Tx tx, ContextStore store, String instance, long fromSeq, long lastSeq, long budget,
                                     int maxMessages) throws SQLException {
        var picked = new ArrayList<SizedMessage>(); // newest first while picking
        long used = 0;
        long before = lastSeq + 1;
        pick:
        while (before > fromSeq && picked.size() < maxMessages) {
            List<SizedMessage> page = store.newestFirst(tx, instance, fromSeq, before, Math.min(PAGE, maxMessages - picked.size()));
            if (page.isEmpty()) break;
            for (SizedMessage m : page) {
                if (!picked.isEmpty() && used + m.tokens() > budget) break pick;
                picked.add(m);
                used += m.tokens();
                before = m.seq();
                if (picked.size() >= maxMessages) break pick;
            }
        }
        while (picked.size() > 1 && ToolTurns.isToolResult(picked.getLast().message())) picked.removeLast();
        if (picked.size() == 1 && ToolTurns.isToolResult(picked.getFirst().message())) extendToCall(tx, store, instance, fromSeq, picked);
        return picked.reversed();
    }

    /** A lone tool result: adds the messages before it back to (and including) the first that is not a result. */
    private static void extendToCall(Tx tx, ContextStore store, String instance, long fromSeq, List<SizedMessage> picked)
            throws SQLException {
        long boundary = ToolTurns.boundaryAtOrBefore(tx, store, instance, picked.getFirst().seq() - 1, fromSeq);
        if (boundary >= picked.getFirst().seq()) return;
        var older = store.range(tx, instance, boundary, picked.getFirst().seq() - 1, PAGE);
        for (SizedMessage m : older.reversed()) picked.add(m);
    }
}
