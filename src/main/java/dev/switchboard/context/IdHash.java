package dev.switchboard.context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Stable stand-ins for user and chat ids of platforms whose ids are phone numbers (or are never needed by a
 * model), computed the way hermes-agent's gateway does ({@code gateway/session.py}: {@code _hash_id},
 * {@code _hash_sender_id}, {@code _hash_chat_id}), so an agent that knows a user from hermes sees the same
 * stand-in here: the first 12 hex digits of the value's SHA-256; user ids get a {@code user_} prefix; a chat id
 * {@code prefix:rest} keeps its prefix. This is pseudonymisation (the same id always gives the same hash, so an
 * agent can still tell users apart), not secrecy: a phone number's hash can be found by trying every number.
 */
public final class IdHash {
    /** A display name that is really a phone number (hermes' {@code _PHONE_RE}, plus dots and brackets). */
    private static final Pattern PHONE = Pattern.compile("^\\+?\\d[\\d\\-\\s().]{6,}$");

    private IdHash() {}

    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String user(String userId) {
        return "user_" + hash(userId);
    }

    public static String chat(String chatId) {
        int colon = chatId.indexOf(':');
        return colon > 0 ? chatId.substring(0, colon) + ":" + hash(chatId.substring(colon + 1)) : hash(chatId);
    }

    public static boolean looksLikePhoneNumber(String value) {
        return PHONE.matcher(value.strip()).matches();
    }
}
