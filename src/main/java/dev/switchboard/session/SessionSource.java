package dev.switchboard.session;

/**
 * Where a conversation comes from; the routing key is derived from it (DESIGN.md "Session keys").
 *
 * @param chatType     {@code dm}, {@code group}, {@code channel} or {@code thread}
 * @param chatTopic    the chat's topic or description, as the platform shows it
 * @param userIdAlt    a second, stable id of the user on platforms whose ids change (a UUID next to a phone
 *                     number): when given it is the participant id of per-user isolation
 * @param chatIdAlt    a second id of the chat (e.g. the platform's other id format)
 * @param scopeId      the workspace or guild the chat belongs to
 * @param parentChatId the chat a thread or sub-channel was opened from
 */
public record SessionSource(
        String platform,
        String chatType,
        String chatId,
        String threadId,
        String userId,
        String userName,
        String chatName,
        String chatTopic,
        String userIdAlt,
        String chatIdAlt,
        String scopeId,
        String parentChatId) {

    /** A source with only the routing fields and names (the fields every platform has). */
    public SessionSource(String platform, String chatType, String chatId, String threadId, String userId,
                         String userName, String chatName) {
        this(platform, chatType, chatId, threadId, userId, userName, chatName, null, null, null, null, null);
    }

    /** The id that tells participants apart: {@code user_id_alt} when given (it stays stable), else {@code user_id}. */
    public String participant() {
        return userIdAlt != null ? userIdAlt : userId;
    }
}
