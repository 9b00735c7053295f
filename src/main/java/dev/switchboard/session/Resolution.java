package dev.switchboard.session;

/**
 * The answer of {@code POST /v1/sessions/resolve}: the session to talk in, whether it was just created,
 * and whether a reset policy started a new instance ({@code reset.reason} "idle"/"daily", with the
 * instance it replaced) — both null when the conversation simply continues.
 */
public record Resolution(Session session, boolean created, Reset reset) {
    public record Reset(String reason, String previousId) {
        public static final Reset NONE = new Reset(null, null);
    }
}
