package dev.switchboard.mcp.tools;

import dev.switchboard.event.EventStream;
import dev.switchboard.json.Json;
import java.time.Duration;

/** Waiting, bounded, for a run's end event on a stream opened before the run was sent. */
final class RunEnd {
    private RunEnd() {}

    /** Whether run {@code runId} ended within {@code wait}; false also when the stream ended first (overflow, revoke). */
    static boolean await(EventStream stream, String runId, Duration wait) throws InterruptedException {
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
