package dev.switchboard.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which token opened each MCP session. Every request is authenticated on its own, and a session's id only ever
 * reaches the client that initialized it; still, a request naming a session that another token opened is answered
 * as if the session did not exist, so a leaked id gives nobody else that session's notifications.
 */
final class McpSessions {
    private final Map<String, String> tokenOf = new ConcurrentHashMap<>();
    private final ResourceSubscriptions subscriptions;

    McpSessions(ResourceSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    void opened(String sessionId, String tokenId) {
        tokenOf.put(sessionId, tokenId);
    }

    /** False only for a known session of another token; unknown ids are the SDK's to refuse. */
    boolean allows(String sessionId, String tokenId) {
        String owner = tokenOf.get(sessionId);
        return owner == null || owner.equals(tokenId);
    }

    /** The session was deleted, swept as idle, or closed at shutdown. */
    void ended(String sessionId) {
        tokenOf.remove(sessionId);
        subscriptions.closeSession(sessionId);
    }
}
