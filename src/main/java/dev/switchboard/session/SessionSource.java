package dev.switchboard.session;

/**
 * Where a conversation comes from; the routing key is derived from it (DESIGN.md "Session keys").
 *
 * @param chatType {@code dm}, {@code group}, {@code channel} or {@code thread}
 */
public record SessionSource(
        String platform,
        String chatType,
        String chatId,
        String threadId,
        String userId,
        String userName,
        String chatName) {}
