package dev.switchboard.session;

import java.time.Instant;

/**
 * One instance of a session (API.md {@code GET /v1/sessions/{key}/instances}): a reset starts a new one,
 * earlier ones stay readable. {@code current} and {@code usage} are additions to the contract.
 */
public record Instance(
        String id,
        Instant createdAt,
        Instant endedAt,
        String endReason,
        long messageCount,
        long lastSeq,
        UsageTotals usage,
        boolean current) {}
