package dev.switchboard.event;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type the log carries (API.md "Events"); the wire name is part of the contract. */
public enum EventType {
    SESSION_CREATED("session.created"),
    SESSION_UPDATED("session.updated"),
    SESSION_HEARTBEAT("session.heartbeat"),
    SESSION_ENDED("session.ended"),
    SESSION_RESET("session.reset"),
    SESSION_DELETED("session.deleted"),
    MESSAGE_APPENDED("message.appended"),
    MESSAGES_REMOVED("messages.removed"),
    RUN_QUEUED("run.queued"),
    RUN_STARTED("run.started"),
    RUN_OUTPUT("run.output"),
    RUN_COMPLETED("run.completed"),
    RUN_FAILED("run.failed"),
    RUN_ABORTED("run.aborted"),
    DIRECTIVE_CREATED("directive.created"),
    DIRECTIVE_ACKED("directive.acked"),
    CHECKPOINT_CREATED("checkpoint.created"),
    CHECKPOINT_RESTORED("checkpoint.restored"),
    COMPACTION_FAILED("compaction.failed"),
    SUBAGENT_COMPLETED("subagent.completed"),
    SUBAGENT_FAILED("subagent.failed");

    private static final Map<String, EventType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wire, Function.identity()));

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() { return wire; }

    /**
     * Whether the payload carries transcript content (messages, an agent's output as it streams, a summary of
     * messages or a summarizer's error): subscribers see these only with {@code transcripts:read}, as they would
     * over REST.
     */
    public boolean carriesTranscript() {
        return wire.startsWith("message.") || wire.startsWith("messages.") || this == RUN_OUTPUT
                || wire.startsWith("checkpoint.") || wire.startsWith("compaction.");
    }

    /** Whether some event type's wire name starts with {@code prefix} (validates subscription filters). */
    public static boolean anyStartsWith(String prefix) {
        return BY_WIRE.keySet().stream().anyMatch(w -> w.startsWith(prefix));
    }

    public static EventType fromWire(String wire) {
        EventType t = BY_WIRE.get(wire);
        if (t == null) throw new IllegalArgumentException("unknown event type " + wire);
        return t;
    }
}
