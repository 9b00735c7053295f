package dev.switchboard.session;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** When a conversation starts over with a new instance (DESIGN.md "Lifecycle and reset policies"). */
public enum ResetMode {
    /** Never: the session keeps one instance until reset by hand. */
    NONE("none"),
    /** After the previous instance was silent for more than {@code idle_minutes}. */
    IDLE("idle"),
    /** Once the daily boundary ({@code at_hour} in {@code time_zone}) has passed since the last activity. */
    DAILY("daily"),
    /** Whichever of idle and daily comes first. */
    BOTH("both");

    public static final List<String> WIRE = Arrays.stream(values()).map(ResetMode::wire).toList();

    private final String wire;

    ResetMode(String wire) {
        this.wire = wire;
    }

    public String wire() { return wire; }

    public boolean idle() { return this == IDLE || this == BOTH; }

    public boolean daily() { return this == DAILY || this == BOTH; }

    public static Optional<ResetMode> fromWire(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst();
    }
}
