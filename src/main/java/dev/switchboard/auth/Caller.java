package dev.switchboard.auth;

import dev.switchboard.problem.ProblemException;
import java.util.Set;

/**
 * Who is calling, as established from their token: the scopes they hold and the channels, agents and
 * plugins they are granted ({@code null} = all). Services take a {@code Caller} on every operation, so
 * REST, WebSocket and MCP share one implementation of every authorization rule.
 *
 * @param sessionKey    for stream tokens restricted to one session, that session's key
 * @param readOnly      stream tokens: reads and subscriptions only, whatever else they carry
 * @param parentTokenId for stream tokens, the token that minted them (null otherwise)
 */
public record Caller(
        String tokenId,
        String name,
        Set<Scope> scopes,
        Set<String> channels,
        Set<String> agents,
        Set<String> plugins,
        String sessionKey,
        boolean readOnly,
        String parentTokenId) {

    public Caller(String tokenId, String name, Set<Scope> scopes, Set<String> channels, Set<String> agents,
                  Set<String> plugins, String sessionKey, boolean readOnly) {
        this(tokenId, name, scopes, channels, agents, plugins, sessionKey, readOnly, null);
    }

    /**
     * Whose request quota this caller's requests count against: its own token's, or for a stream token the token
     * that minted it, so minting stream tokens never buys a fresh allowance.
     */
    public String quotaKey() {
        return parentTokenId != null ? parentTokenId : tokenId;
    }

    public boolean isAdmin() {
        return !readOnly && scopes.contains(Scope.ADMIN);
    }

    public boolean has(Scope scope) {
        if (readOnly && !(scope == Scope.SESSIONS_READ || scope == Scope.TRANSCRIPTS_READ)) return false;
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    /** 403 unless the caller holds {@code scope}. */
    public void require(Scope scope) {
        if (!has(scope)) throw ProblemException.forbidden("this token lacks the " + scope.wire() + " scope");
    }

    /** Whether the session with this key, channel and agent is inside the caller's grants. */
    public boolean canSee(String key, String channel, String agent) {
        if (sessionKey != null && !sessionKey.equals(key)) return false;
        if (channels != null && (channel == null || !channels.contains(channel))) return false;
        // Set.of(...).contains(null) throws; an event or row without an agent is simply outside an agent grant.
        return agents == null || (agent != null && agents.contains(agent));
    }

    public boolean canUsePlugin(String pluginId) {
        return isAdmin() || (plugins != null && plugins.contains(pluginId));
    }

}
