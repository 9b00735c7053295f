package dev.switchboard.transcript;

import dev.switchboard.session.UsageTotals;
import java.time.Instant;

/**
 * A validated message to append; JSON-valued fields are serialized already.
 *
 * @param usageTotals the numeric part of {@code usage}, summed into the session
 * @param contentChars the size counted against {@code limits.max_message_chars}
 */
public record NewMessage(
        String role,
        String content,
        String name,
        String toolCallId,
        String toolCalls,
        String usage,
        UsageTotals usageTotals,
        String metadata,
        Instant createdAt,
        int contentChars) {}
