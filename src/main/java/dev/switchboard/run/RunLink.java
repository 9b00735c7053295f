package dev.switchboard.run;

/**
 * What a run was started for when another session started it: {@code send} (the input came from {@code fromKey},
 * which gets the answer) or {@code subagent} ({@code fromKey} spawned the run's session: it gets the answer and a
 * {@code subagent.*} event, and aborting it stops the run). {@code turn} is the run's place in its exchange chain.
 */
public record RunLink(String runId, Kind kind, String fromKey, int turn) {
    public enum Kind {
        SEND("send"), SUBAGENT("subagent");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() { return wire; }

        public static Kind fromWire(String wire) {
            return "send".equals(wire) ? SEND : SUBAGENT;
        }
    }

    /** The link of a run a session starts for {@code fromKey}; the run id is filled in when the run is created. */
    public static RunLink of(Kind kind, String fromKey, int turn) {
        return new RunLink(null, kind, fromKey, turn);
    }

    RunLink forRun(String id) {
        return new RunLink(id, kind, fromKey, turn);
    }
}
