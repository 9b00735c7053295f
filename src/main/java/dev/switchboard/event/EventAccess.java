package dev.switchboard.event;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;

/**
 * Which events a token may receive: those about sessions inside its grants (channels, agents, the one
 * session of a restricted stream token), and transcript-bearing ones only with {@code transcripts:read},
 * exactly what the same token could read over REST. Applied to every event, replayed or live.
 */
public final class EventAccess {
    private EventAccess() {}

    public static boolean canSee(Caller caller, Event e) {
        if (e.eventType().carriesTranscript() && !caller.has(Scope.TRANSCRIPTS_READ)) return false;
        // An event without an agent can't be inside an agent grant (and Set.of(...).contains(null) throws).
        if (caller.agents() != null && e.agent() == null) return false;
        return caller.canSee(e.key(), e.channel(), e.agent());
    }
}
