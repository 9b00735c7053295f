package dev.switchboard.transcript;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A transcript message (API.md "Message object"). The JSON-valued fields hold the JSON text exactly
 * as stored, so reading a page of messages never re-parses content blocks.
 */
public record Message(
        long seq,
        String id,
        String instance,
        String role,
        @JsonRawValue String content,
        String name,
        String toolCallId,
        @JsonRawValue String toolCalls,
        @JsonRawValue String usage,
        @JsonRawValue String metadata,
        Instant createdAt) {}
