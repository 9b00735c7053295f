package dev.switchboard.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code POST /v1/sessions/{key}/runs} does when the session already has an active run ("double texting"). */
public enum OnActive {
    /** 409 {@code run-active}. */
    REJECT("reject"),
    /** Wait behind the session's other runs (FIFO). */
    ENQUEUE("enqueue"),
    /** Abort the running run (its output so far stays in the transcript), then start this one: "steer". */
    INTERRUPT("interrupt"),
    /** Abort the running run and move the messages it produced to the archive, then start this one. */
    ROLLBACK("rollback");

    public static final Set<String> WIRE = Arrays.stream(values()).map(OnActive::wire).collect(Collectors.toUnmodifiableSet());

    private final String wire;

    OnActive(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() { return wire; }

    /** Interrupting runs jump ahead of runs enqueued earlier. */
    public boolean preempts() {
        return this == INTERRUPT || this == ROLLBACK;
    }

    public static OnActive fromWire(String wire) {
        for (OnActive o : values()) if (o.wire.equals(wire)) return o;
        throw new IllegalArgumentException("unknown on_active " + wire);
    }
}
