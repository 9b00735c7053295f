package dev.switchboard.usage;

/**
 * Usage of one group over the requested range: token and cost sums from messages' {@code usage}, how
 * many sessions had messages in it, and how many messages. The cache and reasoning token sums are
 * additions to the contract.
 */
public record UsageRow(
        String group,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        double costUsd,
        long sessions,
        long messages) {}
