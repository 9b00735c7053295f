package dev.switchboard.context;

/**
 * What the context needs of an instance's active checkpoint (the compaction feature owns the full record):
 * the context is the summary (if any) followed by the messages from {@code firstKeptSeq} on.
 *
 * @param summary       the summary text, or null for a truncation (nothing stands in for the covered messages)
 * @param summaryTokens its token estimate
 */
public record ContextCheckpoint(String id, String strategy, long fromSeq, long toSeq, long firstKeptSeq, String summary,
                                long summaryTokens) {}
