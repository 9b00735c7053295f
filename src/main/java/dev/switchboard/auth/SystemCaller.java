package dev.switchboard.auth;

import java.util.Set;

/**
 * The server acting on its own behalf — the run supervisor appending an agent's output after the client
 * that started the run has gone (or had its token revoked). Never derived from a request.
 */
public final class SystemCaller {
    public static final Caller INSTANCE = new Caller("system", "switchboard", Set.of(Scope.ADMIN), null, null, null, null, false);

    private SystemCaller() {}
}
