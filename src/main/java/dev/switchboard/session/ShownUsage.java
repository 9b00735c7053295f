package dev.switchboard.session;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A session's {@code usage} as clients see it: the current instance's {@link UsageTotals}, their sum
 * {@code total_tokens} (input + output + cache read + cache write; reasoning tokens are part of output), and
 * {@code last_prompt_tokens}, the size of the last prompt (input + cache tokens of the newest message that reported
 * any), which agents compare with their context window to decide when to compact.
 */
public record ShownUsage(@JsonUnwrapped UsageTotals totals, long totalTokens, long lastPromptTokens) {

    static ShownUsage of(UsageTotals u, long lastPromptTokens) {
        return new ShownUsage(u, u.inputTokens() + u.outputTokens() + u.cacheReadTokens() + u.cacheWriteTokens(),
                lastPromptTokens);
    }
}
