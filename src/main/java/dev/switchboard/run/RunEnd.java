package dev.switchboard.run;

import dev.switchboard.event.EventFilter;
import dev.switchboard.event.EventStream;
import dev.switchboard.json.Json;
import java.time.Duration;
import java.util.List;

/**
 * Waiting, bounded, for a run's end event on a stream opened before the run was sent (MCP {@code send_message}, and
 * {@code wait_seconds} of a send between sessions or a spawn), so a run that ends at once is not missed.
 */
public final class RunEnd {
    /** The stream filter of run ends ({@code session}: only that session's, or null for all). */
    public static EventFilter filter(String session) {
        return new EventFilter(List.of("run.completed", "run.failed", "run.aborted"), session, null, null);
    }

    private RunEnd() {}

    /** Whether run {@code runId} ended within {@code wait}; false also when the stream ended first (overflow, revoke). */
    public static boolean await(EventStream stream, String runId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            switch (stream.next(Duration.ofNanos(left))) {
                case EventStream.Item.Delivery d -> {
                    if (runId.equals(Json.readStored(d.event().data()).path("id").asText())) return true;
                }
                case EventStream.Item.Idle idle -> { } // the deadline is checked above
                case EventStream.Control c -> {
                    if (c.last()) return false;
                }
            }
        }
    }
}
