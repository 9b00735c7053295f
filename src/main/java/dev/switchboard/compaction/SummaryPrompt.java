package dev.switchboard.compaction;

import dev.switchboard.context.ContextStore;
import dev.switchboard.context.ToolTurns;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageText;
import dev.switchboard.transcript.SizedMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The summarizer's prompt: what to write, the previous checkpoint's summary (so the new summary stands for
 * "previous summary + what came after" and nothing is summarized twice), the covered messages as text — tool
 * results cut at {@code [compaction] max_tool_result_chars} — and the request's {@code instructions}.
 *
 * <p>The transcript part holds at most {@code [compaction] max_prompt_chars}. When the covered messages don't fit,
 * the checkpoint covers the ones that do (moved back to a turn boundary) and the context keeps the rest: a later
 * compaction covers them. Read in a read transaction, page by page, never on the writer.
 */
final class SummaryPrompt {
    static final String TASK = """
            You are compacting a conversation so that an AI agent can continue it with less context. Write the summary \
            the agent will read instead of the messages below. Keep the user's goals and requests, decisions and their \
            reasons, facts (names, ids, paths, numbers, dates), the work done and its results, and what is still open or \
            next. If a previous summary is given, your summary replaces it: include what still matters from it. Be \
            concise, write in the conversation's language, and answer with the summary only.""";
    private static final int PAGE = 500;

    /** The prompt and the range it covers (possibly less than planned). */
    record Built(String text, Checkpoint.Range range) {}

    private SummaryPrompt() {}

    /** @throws CompactionFailure when the covered messages changed, or not one of them can be covered */
    static Built build(Tx tx, ContextStore store, Checkpoint cp, String previousSummary, int maxToolResultChars,
                       int maxPromptChars) throws SQLException {
        var entries = new ArrayList<String>();
        var seqs = new ArrayList<SizedMessage>();
        long used = 0;
        long next = cp.fromSeq();
        boolean capped = false;
        read:
        while (next <= cp.toSeq()) {
            List<SizedMessage> page = store.range(tx, cp.instance(), next, cp.toSeq(), PAGE);
            if (page.isEmpty()) break;
            for (SizedMessage m : page) {
                String line = line(m.message(), maxToolResultChars);
                if (!entries.isEmpty() && used + line.length() + 1 > maxPromptChars) {
                    capped = true;
                    break read;
                }
                entries.add(line);
                seqs.add(m);
                used += line.length() + 1;
            }
            next = page.getLast().seq() + 1;
        }
        long expectedLast = cp.fromSeq() + seqs.size() - 1;
        if (seqs.isEmpty() || seqs.getLast().seq() != expectedLast || (!capped && expectedLast != cp.toSeq())) {
            throw new CompactionFailure("messages " + cp.fromSeq() + "–" + cp.toSeq() + " changed before they could be "
                    + "summarized (an undo, rollback or rewrite removed some); the context is unchanged");
        }
        long firstKept = seqs.getLast().seq() + 1;
        if (capped) firstKept = ToolTurns.boundaryAtOrBefore(tx, store, cp.instance(), firstKept, cp.fromSeq());
        int count = (int) (firstKept - cp.fromSeq());
        if (count <= 0) {
            throw new CompactionFailure("the messages to summarize don't fit compaction.max_prompt_chars without "
                    + "splitting a tool call from its result");
        }
        SizedMessage last = seqs.get(count - 1);
        String text = compose(cp, previousSummary, entries.subList(0, count), last.seq());
        return new Built(text, new Checkpoint.Range(last.seq(), last.message().id(), firstKept));
    }

    private static String compose(Checkpoint cp, String previousSummary, List<String> lines, long toSeq) {
        var sb = new StringBuilder(TASK).append("\n\n");
        if (previousSummary != null) {
            sb.append("<previous-summary>\n").append(previousSummary).append("\n</previous-summary>\n\n");
        }
        sb.append("<conversation from=\"").append(cp.fromSeq()).append("\" to=\"").append(toSeq).append("\">\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        sb.append("</conversation>");
        if (cp.instructions() != null) sb.append("\n\n<instructions>\n").append(cp.instructions()).append("\n</instructions>");
        return sb.toString();
    }

    /** {@code [#12 user Ada] text}: seq, role, name; tool results cut at {@code maxToolResultChars}. */
    static String line(Message m, int maxToolResultChars) {
        String text = MessageText.of(m.content(), m.toolCalls());
        if (ToolTurns.isToolResult(m) && text.length() > maxToolResultChars) {
            text = text.substring(0, maxToolResultChars) + " … [" + (text.length() - maxToolResultChars) + " more characters]";
        }
        return "[#" + m.seq() + " " + m.role() + (m.name() == null ? "" : " " + m.name()) + "] " + text;
    }
}
