package dev.switchboard.compaction;

import dev.switchboard.context.ContextStore;
import dev.switchboard.context.ToolTurns;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.session.Session;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.SizedMessage;
import java.sql.SQLException;
import java.util.List;

/**
 * What a compaction of a session's current instance covers, decided inside the write transaction that records it:
 * the messages after the active checkpoint's summary ({@code fromSeq} = its first kept seq, or 1) up to the kept
 * tail, which is the last {@code keepLast} messages moved back to a turn boundary ({@link ToolTurns}: the tail never
 * starts with a tool result, so it may keep a few more). Each message is therefore covered by exactly one
 * checkpoint of a chain, and a summary covers "previous summary + what came after" once.
 *
 * @param previous     the active checkpoint this one builds on, or null
 * @param tokensBefore the context's tokens now: the previous summary plus every message from {@code fromSeq}
 * @param keptTokens   the tokens of the messages the context keeps ({@code firstKeptSeq..lastSeq})
 */
record CompactionPlan(Checkpoint previous, long fromSeq, long toSeq, String toId, long firstKeptSeq, long lastSeq,
                      long tokensBefore, long keptTokens) {

    /** @throws ProblemException 409 {@code nothing-to-compact} when fewer than {@code minMessages} would be covered */
    static CompactionPlan of(Tx tx, CheckpointStore checkpoints, ContextStore messages, Session s, int keepLast,
                             int minMessages) throws SQLException {
        String instance = s.id();
        Checkpoint previous = checkpoints.current(tx, instance).orElse(null);
        long fromSeq = previous == null ? 1 : previous.firstKeptSeq();
        ContextStore.InstanceTail tail = messages.tail(tx, instance);
        long candidate = tail.lastSeq() - keepLast + 1;
        // keep_last 0 keeps nothing: the boundary is after the last message, which no tool result can split.
        long firstKept = candidate <= fromSeq ? fromSeq
                : candidate > tail.lastSeq() ? candidate
                : ToolTurns.boundaryAtOrBefore(tx, messages, instance, candidate, fromSeq);
        long covered = firstKept - fromSeq;
        if (covered < minMessages) throw nothingToCompact(s, previous, covered, minMessages, keepLast);
        long toSeq = firstKept - 1;
        List<SizedMessage> last = messages.range(tx, instance, toSeq, toSeq, 1);
        long before = messages.tokensThrough(tx, instance, fromSeq - 1);
        long summary = previous == null ? 0 : previous.summaryTokens();
        long kept = tail.tokensThrough() - (last.isEmpty() ? 0 : last.getFirst().tokensThrough());
        return new CompactionPlan(previous, fromSeq, toSeq, last.isEmpty() ? null : last.getFirst().message().id(), firstKept,
                tail.lastSeq(), summary + tail.tokensThrough() - before, kept);
    }

    private static ProblemException nothingToCompact(Session s, Checkpoint previous, long covered, int min, int keepLast) {
        String since = previous == null ? "" : " since checkpoint " + previous.id();
        String detail = covered <= 0
                ? "session " + s.key() + " has nothing new to compact" + since + " beyond the last " + keepLast + " messages it keeps"
                : "session " + s.key() + " has only " + covered + " message(s) to compact" + since + " (keeping the last "
                        + keepLast + "); compaction.min_messages is " + min;
        return new ProblemException(ProblemType.NOTHING_TO_COMPACT, detail);
    }
}
