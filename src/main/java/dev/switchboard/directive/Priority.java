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

    public static final Set<String> WIRE = Arrays.stream(values()).map(Priority::wire).collect(Collectors.toUnmodifiableSet());

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
        for (Priority p : values()) if (p.wire.equals(wire)) return p;
        throw new IllegalArgumentException("unknown priority " + wire);
    }
}
