package dev.switchboard.session;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Routing keys (DESIGN.md "Session keys"): the same conversation always maps to the same key.
 * <pre>
 *   dm:                  agent:&lt;agent&gt;:&lt;platform&gt;:dm:&lt;chat_id&gt;[:&lt;thread_id&gt;]
 *   dm without chat_id:  agent:&lt;agent&gt;:&lt;platform&gt;:dm:&lt;user_id_alt|user_id&gt;[:&lt;thread_id&gt;]
 *                        agent:&lt;agent&gt;:&lt;platform&gt;:dm-thread:&lt;thread_id&gt; (no user either)
 *   group|channel|thread agent:&lt;agent&gt;:&lt;platform&gt;:&lt;chat_type&gt;:&lt;chat_id&gt;[:&lt;thread_id&gt;][:&lt;user_id&gt;]
 * </pre>
 * The user part (user_id_alt when given, else user_id) is added when per-user isolation is on for that platform and kind of chat (groups on,
 * channels and threads off by default). Parts are percent-encoded so a {@code :} inside an id can't
 * shift the parts after it.
 */
public final class SessionKeys {
    public static final int MAX_KEY = 512;
    public static final Set<String> CHAT_TYPES = Set.of("dm", "group", "channel", "thread");
    private static final Pattern EXPLICIT_KEY = Pattern.compile("[A-Za-z0-9:._@/-]{1,512}");
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    /** The fields of a {@code source}: anything else is a 422 (it would be silently dropped). */
    private static final Set<String> FIELDS = Set.of("platform", "chat_type", "chat_id", "thread_id", "user_id",
            "user_name", "chat_name", "chat_topic", "user_id_alt", "chat_id_alt", "scope_id", "parent_chat_id");
    private static final Pattern DERIVED = Pattern.compile("agent:([^:]+):([^:]+):.*");

    private final SwitchboardConfig.Routing routing;

    public SessionKeys(SwitchboardConfig.Routing routing) {
        this.routing = routing;
    }

    public static boolean validExplicitKey(String key) {
        return key != null && EXPLICIT_KEY.matcher(key).matches();
    }

    /** A channel or platform name: lowercase letters, digits, '.', '_' or '-' (e.g. {@code telegram}). */
    public static boolean validPlatform(String platform) {
        return platform != null && PLATFORM.matcher(platform).matches();
    }

    public static boolean validAgent(String agent) {
        return agent != null && AGENT.matcher(agent).matches();
    }

    /** Reads and validates a {@code source} object; errors go to {@code f} under {@code source.}. */
    public static SessionSource readSource(Fields parent) {
        var sf = parent.nested("source").orElse(null);
        if (sf == null) return null;
        sf.onlyAllow(FIELDS);
        String platform = sf.requiredString("platform", 64);
        if (platform != null && !PLATFORM.matcher(platform).matches()) {
            sf.error("platform", "must be lowercase letters, digits, '.', '_' or '-' (e.g. telegram)");
        }
        String chatType = sf.requiredOneOf("chat_type", CHAT_TYPES, "(dm, group, channel or thread)").orElse(null);
        String threadId = idPart(sf, "thread_id", false);
        String userId = idPart(sf, "user_id", false);
        String userIdAlt = idPart(sf, "user_id_alt", false);
        // A DM is routed by its chat, else by its participant or thread (derive); every other chat needs its id.
        boolean dmRoutable = "dm".equals(chatType) && (userId != null || userIdAlt != null || threadId != null);
        String chatId = idPart(sf, "chat_id", !dmRoutable);
        String userName = sf.string("user_name", 256).orElse(null);
        String chatName = sf.string("chat_name", 256).orElse(null);
        String chatTopic = sf.string("chat_topic", 1024).orElse(null);
        String chatIdAlt = idPart(sf, "chat_id_alt", false);
        String scopeId = idPart(sf, "scope_id", false);
        String parentChatId = idPart(sf, "parent_chat_id", false);
        return new SessionSource(platform, chatType, chatId, threadId, userId, userName, chatName, chatTopic,
                userIdAlt, chatIdAlt, scopeId, parentChatId);
    }

    /** Ids may be given as strings or integers (Telegram chat ids are numbers). */
    private static String idPart(Fields f, String name, boolean required) {
        var node = f.node().get(name);
        if (node == null || node.isNull()) {
            if (required) f.error(name, "is required");
            return null;
        }
        if (node.isIntegralNumber()) return node.asText();
        String s = f.string(name, 256).orElse(null);
        if (s != null && s.isBlank()) {
            f.error(name, "must not be blank");
            return null;
        }
        return s;
    }

    /**
     * The key for {@code source} under {@code agent}. 422 when the source can't be routed: a shared chat
     * with per-user isolation on but no {@code user_id} (routing it to the shared session instead would
     * silently mix users' conversations), or a key that would exceed {@link #MAX_KEY} characters.
     */
    public String derive(String agent, SessionSource source) {
        var key = new StringBuilder("agent:").append(encode(agent)).append(':').append(encode(source.platform())).append(':');
        if (source.chatId() != null) {
            key.append(source.chatType()).append(':').append(encode(source.chatId()));
        } else if (source.participant() != null) {
            // A DM without a chat id is the conversation with its participant: on platforms where a DM's chat id is
            // the user's (Telegram), the key is the one the chat id gives.
            key.append("dm:").append(encode(source.participant()));
        } else {
            // Only a thread: "dm-thread" is no chat type, so this key can't equal the key of any chat id.
            key.append("dm-thread");
        }
        if (source.threadId() != null) key.append(':').append(encode(source.threadId()));
        if (!source.chatType().equals("dm") && perUser(source)) {
            if (source.participant() == null) {
                throw ProblemException.validation("source.user_id", "is required: " + source.platform() + " "
                        + (source.threadId() != null ? "threads" : source.chatType() + "s")
                        + " keep one session per user (routing." + isolationFlag(source) + ")");
            }
            key.append(':').append(encode(source.participant()));
        }
        if (key.length() > MAX_KEY) {
            throw ProblemException.validation("source", "the derived key would be " + key.length()
                    + " characters; keys are at most " + MAX_KEY);
        }
        return key.toString();
    }

    private static String isolationFlag(SessionSource source) {
        if (source.threadId() != null || source.chatType().equals("thread")) return "thread_per_user";
        return source.chatType() + "_per_user";
    }

    private boolean perUser(SessionSource source) {
        var iso = routing.forPlatform(source.platform());
        if (source.threadId() != null || source.chatType().equals("thread")) return iso.threadPerUser();
        return source.chatType().equals("group") ? iso.groupPerUser() : iso.channelPerUser();
    }

    /** The agent named by a derived key ({@code agent:<agent>:...}), if the key has that shape. */
    public static String agentOf(String key) {
        var m = DERIVED.matcher(key);
        return m.matches() ? decode(m.group(1)) : null;
    }

    /** The platform (channel) named by a derived key, if the key has that shape. */
    public static String platformOf(String key) {
        var m = DERIVED.matcher(key);
        return m.matches() ? decode(m.group(2)) : null;
    }

    /**
     * Percent-encodes every byte outside {@code [A-Za-z0-9._@-]}: that covers {@code :} (the separator),
     * {@code %} itself (so decoding is unambiguous), {@code /}, whitespace and non-ASCII.
     */
    static String encode(String part) {
        var out = new StringBuilder(part.length());
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '@') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static String decode(String part) {
        return java.net.URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
