package dev.switchboard.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.switchboard.session.Instance;
import java.time.Instant;
import java.util.List;

/**
 * One entry of the archive ({@code GET /v1/archive}): a deleted session with all its instances
 * ({@code kind: "session"}), or the messages one undo or one run rollback removed ({@code kind: "messages"}).
 *
 * @param session   kind session: the session object as it was when deleted
 * @param instance  kind messages: the instance the messages were removed from
 * @param afterSeq  kind messages: messages with {@code seq > after_seq} were removed
 * @param reason    kind messages: {@code undo} or {@code rollback} ({@link Removal.Reason})
 * @param runId     reason rollback: the run whose output was removed
 * @param instances only on {@code GET /v1/archive/{id}}: the archived instances
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchiveEntry(
        String id,
        String kind,
        String key,
        String agent,
        String channel,
        String instance,
        Long afterSeq,
        String reason,
        String runId,
        long messageCount,
        Instant archivedAt,
        String archivedBy,
        @JsonRawValue String session,
        List<Instance> instances) {

    public static final String SESSION = "session";
    public static final String MESSAGES = "messages";

    public ArchiveEntry withInstances(List<Instance> list) {
        return new ArchiveEntry(id, kind, key, agent, channel, instance, afterSeq, reason, runId, messageCount, archivedAt,
                archivedBy, session, list);
    }
}
