package dev.switchboard.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The session object of API.md. {@code id} is the current instance; {@code messageCount} and
 * {@code usage} are that instance's counters. {@code version} increases with every change and is
 * the {@code ETag}. {@code activeRun} ({@code {id, status, agent, started_at}}) and {@code lastMessage}
 * ({@link LastMessage}) are JSON kept on the row by the writes that change them, never by {@link Draft}; so is
 * {@code agentSessionIds}, the current instance's {@code {agent: agent_session_id}} (process agents' placeholders).
 *
 * <p>{@code status} is the lifecycle status ({@code active|idle|ended}) the rules of every feature use. While a
 * compaction of the session is running ({@code compactionId}: its checkpoint) the JSON shows
 * {@code "status": "compacting"} instead, unless the session has ended; the lifecycle status underneath is
 * unchanged, so idling, ending and heartbeats keep working and the session is back to it when the compaction ends.
 */
@JsonPropertyOrder({"key", "id", "agent", "channel", "source", "pair", "title", "model", "parent_key", "status"})
public record Session(
        String key,
        String id,
        String agent,
        String channel,
        SessionSource source,
        String title,
        String model,
        String parentKey,
        SessionPair pair,
        @JsonIgnore String status,
        JsonNode metadata,
        JsonNode plugins,
        long messageCount,
        @JsonIgnore UsageTotals usage,
        Instant createdAt,
        Instant updatedAt,
        Instant lastSeenAt,
        Instant endedAt,
        String endReason,
        long version,
        @JsonIgnore String compactionId,
        @JsonRawValue String activeRun,
        @JsonRawValue String lastMessage,
        @JsonProperty("protected") boolean protectedKey,
        @JsonIgnore long lastPromptTokens,
        @JsonRawValue @JsonProperty("agent_session_ids") String agentSessionIds) {

    public static final String ACTIVE = "active";
    public static final String IDLE = "idle";
    public static final String ENDED = "ended";
    /** Shown (never stored as the lifecycle status) while a compaction runs. */
    public static final String COMPACTING = "compacting";

    /** The session's {@code usage}: the instance's totals, {@code total_tokens} and {@code last_prompt_tokens}. */
    @JsonProperty("usage")
    public ShownUsage shownUsage() {
        return ShownUsage.of(usage, lastPromptTokens);
    }

    public boolean ended() {
        return ENDED.equals(status);
    }

    public boolean compacting() {
        return compactionId != null;
    }

    /** The status clients see: {@code compacting} during a compaction of a session that has not ended. */
    @JsonProperty("status")
    public String shownStatus() {
        return compacting() && !ended() ? COMPACTING : status;
    }

    /** A copy with the changes {@code edit} makes to a mutable draft. */
    public Session with(Consumer<Draft> edit) {
        var d = new Draft(this);
        edit.accept(d);
        return d.build();
    }

    /** Mutable copy of a session, used only inside {@link #with}. */
    public static final class Draft {
        public String id;
        public String title;
        public String model;
        public String status;
        public JsonNode metadata;
        public JsonNode plugins;
        public long messageCount;
        public UsageTotals usage;
        public Instant updatedAt;
        public Instant lastSeenAt;
        public Instant endedAt;
        public String endReason;
        public long version;
        public String compactionId;
        /** Not written by {@code SessionStore.update}: set only to return what the write that changed it stored. */
        public String lastMessage;
        public boolean protectedKey;
        /** Likewise ({@code {agent: agent_session_id}} of the current instance). */
        public String agentSessionIds;
        private final Session base;

        private Draft(Session s) {
            base = s;
            id = s.id;
            title = s.title;
            model = s.model;
            status = s.status;
            metadata = s.metadata;
            plugins = s.plugins;
            messageCount = s.messageCount;
            usage = s.usage;
            updatedAt = s.updatedAt;
            lastSeenAt = s.lastSeenAt;
            endedAt = s.endedAt;
            endReason = s.endReason;
            version = s.version;
            compactionId = s.compactionId;
            lastMessage = s.lastMessage;
            protectedKey = s.protectedKey;
            agentSessionIds = s.agentSessionIds;
        }

        /** Marks a change at {@code now}: bumps the version and {@code updated_at}. */
        public Draft touched(Instant now) {
            version = base.version + 1;
            updatedAt = now;
            return this;
        }

        private Session build() {
            return new Session(base.key, id, base.agent, base.channel, base.source, title, model, base.parentKey, base.pair, status,
                    metadata, plugins, messageCount, usage, base.createdAt, updatedAt, lastSeenAt, endedAt, endReason,
                    version, compactionId, base.activeRun, lastMessage, protectedKey, base.lastPromptTokens,
                    agentSessionIds);
        }
    }
}
