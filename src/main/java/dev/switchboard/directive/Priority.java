package dev.switchboard.directive;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** How urgent a directive is; delivered most urgent first. Stored as its rank. */
public enum Priority {
    LOW("low"),
    NORMAL("normal"),
    HIGH("high"),
    URGENT("urgent");

    /** {@code medium} is accepted for {@code normal}: the vocabulary of a system Switchboard replaces. */
    private static final String MEDIUM = "medium";
    /** What a client may send: the priorities, and the alias {@code medium}. */
    public static final Set<String> WIRE = java.util.stream.Stream.concat(Arrays.stream(values()).map(Priority::wire),
            java.util.stream.Stream.of(MEDIUM)).collect(Collectors.toUnmodifiableSet());

    private final String wire;

    Priority(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() { return wire; }

    public int rank() { return ordinal(); }

    public static Priority ofRank(int rank) {
        return values()[rank];
    }

    public static Priority fromWire(String wire) {
        if (MEDIUM.equals(wire)) return NORMAL;
        for (Priority p : values()) if (p.wire.equals(wire)) return p;
        throw new IllegalArgumentException("unknown priority " + wire);
    }
}
