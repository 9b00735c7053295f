package dev.switchboard.session;

/** Token and cost totals of a session's current instance, summed from its messages' {@code usage}. */
public record UsageTotals(
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long reasoningTokens,
        double costUsd) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0.0);

    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens,
                reasoningTokens + o.reasoningTokens, costUsd + o.costUsd);
    }

    public UsageTotals minus(UsageTotals o) {
        return new UsageTotals(inputTokens - o.inputTokens, outputTokens - o.outputTokens,
                cacheReadTokens - o.cacheReadTokens, cacheWriteTokens - o.cacheWriteTokens,
                reasoningTokens - o.reasoningTokens, costUsd - o.costUsd);
    }
}
