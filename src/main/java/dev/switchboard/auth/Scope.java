package dev.switchboard.auth;

import java.util.Arrays;
import java.util.Optional;

/** Token scopes (API.md "Auth"). {@code admin} implies every other scope. */
public enum Scope {
    SESSIONS_READ("sessions:read"),
    SESSIONS_WRITE("sessions:write"),
    TRANSCRIPTS_READ("transcripts:read"),
    TRANSCRIPTS_WRITE("transcripts:write"),
    RUNS_WRITE("runs:write"),
    DIRECTIVES_WRITE("directives:write"),
    ADMIN("admin");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() { return wire; }

    public static Optional<Scope> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
