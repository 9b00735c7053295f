package dev.switchboard.compaction;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a checkpoint is in its life. {@code RUNNING} → {@code ACTIVE} (the context uses it) or {@code FAILED};
 * an active one becomes {@code SUPERSEDED} when a newer one takes over, {@code REVERTED} when it (or an earlier one)
 * is restored, {@code STALE} when messages it covers are removed (undo, rollback, rewrite). At most one checkpoint of
 * an instance is active.
 */
public enum CheckpointStatus {
    RUNNING, ACTIVE, SUPERSEDED, REVERTED, STALE, FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckpointStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** A summary (or truncation) exists: it can be branched from, restored, or become active again. */
    public boolean complete() {
        return this == ACTIVE || this == SUPERSEDED || this == REVERTED || this == STALE;
    }
}
