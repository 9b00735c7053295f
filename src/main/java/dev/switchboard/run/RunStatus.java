package dev.switchboard.run;

import com.fasterxml.jackson.annotation.JsonValue;

/** A run's state (API.md "Runs"). {@code queued} and {@code running} are active; the rest are final. */
public enum RunStatus {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    ABORTED("aborted"),
    /** The server stopped while the run was running and the run could not be re-attached after restart. */
    LOST("lost");

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() { return wire; }

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    public static RunStatus fromWire(String wire) {
        for (RunStatus s : values()) if (s.wire.equals(wire)) return s;
        throw new IllegalArgumentException("unknown run status " + wire);
    }
}
