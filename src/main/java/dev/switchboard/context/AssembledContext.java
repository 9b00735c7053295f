package dev.switchboard.context;

import dev.switchboard.directive.Directive;
import dev.switchboard.transcript.Message;
import java.util.List;

/**
 * What an agent should see next of a session, assembled in one place ({@link ContextAssembler}) for
 * {@code GET /v1/sessions/{key}/context} and for runs, and rendered by {@link ContextFormat}.
 *
 * @param system     the session context block, or null (no source, or the template is empty)
 * @param summary    the active checkpoint's summary, or null (no checkpoint, or a truncation)
 * @param checkpoint the active checkpoint the messages start after, or null
 * @param messages   the messages after the checkpoint, oldest first, trimmed from the oldest to the budget
 * @param directives pending directives (empty for runs: a run gets them with its input)
 * @param omitted    the messages after the checkpoint that were left out to fit the budget, or null
 * @param lastSeq    the instance's last seq when the context was read
 */
public record AssembledContext(String key, String instance, String system, Summary summary, ContextCheckpoint checkpoint,
                               List<Message> messages, List<Directive> directives, Omitted omitted, Tokens tokens,
                               long lastSeq) {

    /** The summary as the message agents see: role system. */
    public record Summary(String checkpointId, String role, String content, Covers covers) {}

    public record Covers(long fromSeq, long toSeq) {}

    /** Messages {@code fromSeq..toSeq} (all after the checkpoint) left out of the context to fit {@code max_tokens}. */
    public record Omitted(long messages, long tokens, long fromSeq, long toSeq) {}

    /** Token estimates of each part and their total, and the budget they were fitted to. */
    public record Tokens(long system, long summary, long messages, long directives, long total, long max) {}
}
