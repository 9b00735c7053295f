package dev.switchboard.stats;

import java.util.Map;

/**
 * {@code GET /v1/stats}: counts for a status bar, inside the caller's grants. Sessions without a channel count in
 * {@code total} and {@code by_status} only.
 *
 * @param messages messages of every instance of the sessions counted
 * @param events   events in the log (retention prunes old ones) about the sessions counted
 * @param headSeq  the event log's head: the seq of the newest event (a stream resuming from it misses nothing)
 */
public record Stats(SessionCounts sessions, RunCounts runs, long messages, long events, long headSeq) {
    public record SessionCounts(long total, Map<String, Long> byStatus, Map<String, Long> byChannel,
                                Map<String, Long> byAgent) {}

    public record RunCounts(long total, Map<String, Long> byStatus) {}
}
