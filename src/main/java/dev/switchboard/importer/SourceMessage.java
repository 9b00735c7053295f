package dev.switchboard.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One message of a source conversation, in the order of the source's active branch, with where it came from.
 *
 * @param content   a string or an array of content blocks, exactly as the source gave them (null when only
 *                  {@code toolCalls} is set)
 * @param toolCalls OpenAI-style tool calls, or null
 * @param usage     Switchboard usage fields ({@code input_tokens}, …, {@code cost_usd}, {@code model}), or null;
 *                  readers set it on one message per API response only (usage is counted once)
 * @param metadata  the message's other source fields; the writer adds {@code source} (see {@link SourceRef})
 */
public record SourceMessage(
        String sessionKey,
        SourceRef ref,
        String role,
        JsonNode content,
        String name,
        String toolCallId,
        JsonNode toolCalls,
        ObjectNode usage,
        Instant createdAt,
        ObjectNode metadata) {

    public SourceMessage withUsage(ObjectNode newUsage) {
        return new SourceMessage(sessionKey, ref, role, content, name, toolCallId, toolCalls, newUsage, createdAt,
                metadata);
    }
}
