package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The session object of API.md. {@code id} is the current instance; {@code messageCount} and
 * {@code usage} are that instance's counters. {@code version} increases with every change and is
 * the {@code ETag}.
 */
public record Session(
        String key,
        String id,
        String agent,
        String channel,
        SessionSource source,
        String title,
        String model,
        String parentKey,
        String status,
        JsonNode metadata,
        JsonNode plugins,
        long messageCount,
        UsageTotals usage,
        Instant createdAt,
        Instant updatedAt,
        Instant lastSeenAt,
        Instant endedAt,
        String endReason,
        long version) {

    public static final String ACTIVE = "active";
    public static final String IDLE = "idle";
    public static final String ENDED = "ended";

    public boolean ended() {
        return ENDED.equals(status);
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
        }

        /** Marks a change at {@code now}: bumps the version and {@code updated_at}. */
        public Draft touched(Instant now) {
            version = base.version + 1;
            updatedAt = now;
            return this;
        }

        private Session build() {
            return new Session(base.key, id, base.agent, base.channel, base.source, title, model, base.parentKey, status,
                    metadata, plugins, messageCount, usage, base.createdAt, updatedAt, lastSeenAt, endedAt, endReason,
                    version);
        }
    }
}
