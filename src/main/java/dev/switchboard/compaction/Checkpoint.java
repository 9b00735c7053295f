package dev.switchboard.compaction;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.switchboard.context.ContextCheckpoint;
import java.time.Instant;

/**
 * One compaction of one session instance (API.md "checkpoints"): the messages {@code covers.from_seq..to_seq} are
 * replaced in the context by {@code summary} (a {@code system} message; none for {@code truncate}), and the context
 * keeps the messages from {@code first_kept_seq} on. The raw transcript is never changed.
 *
 * @param previousId   the checkpoint this one builds on (its summary went into this one's prompt), or null
 * @param keptToSeq    the instance's last seq when the compaction started
 * @param toId         id of the message at {@code toSeq}, to notice that the covered range was rewritten meanwhile
 * @param summaryText  the summary message's content (null: truncate, running or failed)
 * @param summaryUsage the usage the summarizer reported (JSON), or null
 */
@JsonPropertyOrder({"id", "key", "instance", "strategy", "status", "trigger", "previous_id", "first_kept_seq", "covers",
        "summary"})
public record Checkpoint(
        String id,
        String key,
        String instance,
        String strategy,
        CheckpointStatus status,
        String trigger,
        String previousId,
        long firstKeptSeq,
        @JsonIgnore long fromSeq,
        @JsonIgnore long toSeq,
        @JsonIgnore String toId,
        @JsonIgnore long keptToSeq,
        int keepLast,
        @JsonIgnore String summaryText,
        @JsonIgnore String summaryUsage,
        @JsonIgnore long summaryTokens,
        long tokensBefore,
        Long tokensAfter,
        String agent,
        String instructions,
        String error,
        @JsonIgnore Long pid,
        @JsonIgnore Long pidStartedAt,
        Instant createdAt,
        Instant completedAt,
        @JsonIgnore String createdBy) {

    public static final String SUMMARIZE = "summarize";
    public static final String TRUNCATE = "truncate";
    public static final String MANUAL = "manual";
    public static final String AUTO = "auto";

    public record Covers(long fromSeq, long toSeq) {}

    /** The summary as a message object: role {@code system}. */
    public record Summary(String role, String content, @JsonRawValue String usage) {}

    @JsonProperty("covers")
    public Covers covers() {
        return new Covers(fromSeq, toSeq);
    }

    @JsonProperty("summary")
    public Summary summary() {
        return summaryText == null ? null : new Summary("system", summaryText, summaryUsage);
    }

    /** What the context needs of it. */
    public ContextCheckpoint view() {
        return new ContextCheckpoint(id, strategy, fromSeq, toSeq, firstKeptSeq, summaryText, summaryTokens);
    }

    public Checkpoint withStatus(CheckpointStatus s) {
        return new Checkpoint(id, key, instance, strategy, s, trigger, previousId, firstKeptSeq, fromSeq, toSeq, toId,
                keptToSeq, keepLast, summaryText, summaryUsage, summaryTokens, tokensBefore, tokensAfter, agent,
                instructions, error, pid, pidStartedAt, createdAt, completedAt, createdBy);
    }

    /** This running checkpoint, complete: active, with its final range and summary. */
    public Checkpoint completed(Range range, String text, String usage, long textTokens, long after, Instant at) {
        return new Checkpoint(id, key, instance, strategy, CheckpointStatus.ACTIVE, trigger, previousId, range.firstKeptSeq(),
                fromSeq, range.toSeq(), range.toId(), keptToSeq, keepLast, text, usage, textTokens, tokensBefore, after,
                agent, instructions, null, pid, pidStartedAt, createdAt, at, createdBy);
    }

    public Checkpoint withPid(long processId, Long startedAtMillis) {
        return new Checkpoint(id, key, instance, strategy, status, trigger, previousId, firstKeptSeq, fromSeq, toSeq, toId,
                keptToSeq, keepLast, summaryText, summaryUsage, summaryTokens, tokensBefore, tokensAfter, agent,
                instructions, error, processId, startedAtMillis, createdAt, completedAt, createdBy);
    }

    public Checkpoint failed(String why, Instant at) {
        return new Checkpoint(id, key, instance, strategy, CheckpointStatus.FAILED, trigger, previousId, firstKeptSeq,
                fromSeq, toSeq, toId, keptToSeq, keepLast, null, null, 0, tokensBefore, null, agent, instructions, why,
                pid, pidStartedAt, createdAt, at, createdBy);
    }

    /** The covered range's end and the context's new start (a summary may cover less than planned: see SummaryPrompt). */
    public record Range(long toSeq, String toId, long firstKeptSeq) {}
}
