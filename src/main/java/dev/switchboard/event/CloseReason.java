package dev.switchboard.event;

/** Why the server ends a long-lived stream (SSE or WebSocket); the wire name is what the client is told. */
public enum CloseReason {
    TOKEN_REVOKED("token-revoked"),
    TOKEN_EXPIRED("token-expired"),
    SHUTDOWN("shutdown"),
    /** The client asked for it (WebSocket {@code events.unsubscribe}, or a new subscription replacing it). */
    UNSUBSCRIBED("unsubscribed"),
    /** The client closed its connection; nobody hears this one, it only ends the server's side of the stream. */
    CLIENT_GONE("client-gone"),
    /** The server failed to continue the stream (e.g. the store is unavailable); resume from the last seq. */
    ERROR("error");

    private final String wire;

    CloseReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
