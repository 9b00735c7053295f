package dev.switchboard.archive;

import dev.switchboard.auth.SystemCaller;
import java.util.Locale;

/**
 * Why messages were taken out of a transcript: recorded with their archive entry ({@code reason},
 * {@code run_id}, {@code archived_by}) and announced in {@code messages.removed}.
 *
 * @param runId for a rollback, the run whose output was removed
 * @param by    id of the token that asked for it ({@code system} when the run supervisor did)
 */
public record Removal(Reason reason, String runId, String by) {

    /** The closed set of ways messages leave a transcript without leaving the archive. */
    public enum Reason {
        /** {@code DELETE /v1/sessions/{key}/messages?after_seq=}: a client undoes or retries. */
        UNDO,
        /** {@code on_active: rollback}: a new run replaces an active one and drops its output. */
        ROLLBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Removal undo(String by) {
        return new Removal(Reason.UNDO, null, by);
    }

    /** A rollback is carried out by the supervisor after the client's request has been answered. */
    public static Removal rollback(String runId) {
        return new Removal(Reason.ROLLBACK, runId, SystemCaller.INSTANCE.tokenId());
    }
}
