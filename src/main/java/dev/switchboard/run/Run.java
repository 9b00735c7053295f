package dev.switchboard.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run of an agent on a session (API.md "Runs"). The stored row also keeps supervision state that
 * clients don't need ({@code input} JSON, stdout offset, priority), hidden from the JSON form.
 *
 * @param instance   the session instance the run's messages go to (the current one when it was created)
 * @param inputSeq   the input message's seq once appended to the transcript (null while waiting in the queue)
 * @param directives ids of the directives delivered with the input (empty until the run starts)
 * @param launch     how it was launched ({@link Launch}, JSON), set when it starts. Its argv, workdir and agent
 *                   snapshot are the agent's definition, which only admins read ({@code GET /v1/runs/{id}/launch});
 *                   the run object, which every reader of the session (and its events) sees, shows
 *                   {@link #launchSummary}
 * @param options    per-run options ({@code workdir}, {@code timeout_seconds}, {@code metadata}, {@code expects_report})
 * @param lastActivityAt the last output of the run (a delta or a message), null before any
 */
public record Run(
        String id,
        String key,
        String instance,
        String agent,
        RunStatus status,
        OnActive onActive,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Integer exitCode,
        String error,
        Long inputSeq,
        Long pid,
        Instant abortRequestedAt,
        String abortReason,
        @JsonRawValue String usage,
        List<String> directives,
        @JsonIgnore int priority,
        @JsonIgnore String input,
        @JsonIgnore Long pidStartedAt,
        @JsonIgnore long outputOffset,
        @JsonIgnore boolean rollback,
        @JsonIgnore String launch,
        @JsonUnwrapped RunOptions options,
        Instant lastActivityAt) {

    public boolean active() {
        return !status.terminal();
    }

    /** {@code launch} on the run object: {@code {agent_session_id, first_run}}, or null before the run started. */
    @com.fasterxml.jackson.annotation.JsonProperty("launch")
    public com.fasterxml.jackson.databind.JsonNode launchSummary() {
        return Launch.summary(launch);
    }

    public boolean abortRequested() {
        return abortRequestedAt != null;
    }

    /** A copy with the changes {@code edit} makes to a mutable draft of the supervision state. */
    public Run with(Consumer<Draft> edit) {
        var d = new Draft(this);
        edit.accept(d);
        return new Run(id, key, instance, agent, d.status, onActive, createdAt, d.startedAt, d.endedAt, d.exitCode, d.error,
                d.inputSeq, d.pid, d.abortRequestedAt, d.abortReason, d.usage, d.directives, priority, input,
                d.pidStartedAt, d.outputOffset, d.rollback, d.launch, options, d.lastActivityAt);
    }

    /** The mutable part of a run, used only inside {@link #with}. */
    public static final class Draft {
        public RunStatus status;
        public Instant startedAt;
        public Instant endedAt;
        public Integer exitCode;
        public String error;
        public Long inputSeq;
        public Long pid;
        public Long pidStartedAt;
        public long outputOffset;
        public Instant abortRequestedAt;
        public String abortReason;
        public boolean rollback;
        public String usage;
        public List<String> directives;
        public String launch;
        private final Instant lastActivityAt;

        private Draft(Run r) {
            status = r.status;
            startedAt = r.startedAt;
            endedAt = r.endedAt;
            exitCode = r.exitCode;
            error = r.error;
            inputSeq = r.inputSeq;
            pid = r.pid;
            pidStartedAt = r.pidStartedAt;
            outputOffset = r.outputOffset;
            abortRequestedAt = r.abortRequestedAt;
            abortReason = r.abortReason;
            rollback = r.rollback;
            usage = r.usage;
            directives = r.directives;
            launch = r.launch;
            lastActivityAt = r.lastActivityAt;
        }
    }
}
