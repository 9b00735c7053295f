package dev.switchboard.compaction;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.context.ContextStore;
import dev.switchboard.files.FileTrees;
import dev.switchboard.json.Json;
import dev.switchboard.run.AgentCall;
import dev.switchboard.run.StopSignal;
import dev.switchboard.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a running checkpoint's summary: builds the prompt ({@link SummaryPrompt}, in a read transaction), runs
 * the summarizer agent once through the run adapters ({@link AgentCall}), and checks the answer. Runs on the
 * compaction's own virtual thread, never on a request thread or the store's writer.
 *
 * <p>Failure paths, each a {@link CompactionFailure} whose message becomes the checkpoint's {@code error}: the
 * agent fails (exit code, http error, undefined agent), times out ({@code [compaction] timeout}: SIGTERM, then
 * SIGKILL), answers nothing, answers implausibly little ({@code [compaction] min_summary_chars}) or more than a
 * message may hold ({@code limits.max_message_chars}); the covered messages changed meanwhile. A process agent's
 * log directory ({@code <data>/compactions/<id>}) is deleted afterwards whatever happened.
 */
final class Summarizer {
    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);

    /** The summary produced for a checkpoint, over the range it ended up covering. */
    record Produced(Checkpoint.Range range, String text, String usage) {}

    private final Database db;
    private final CheckpointStore checkpoints;
    private final ContextStore messages;
    private final AgentCall agents;
    private final SwitchboardConfig.Compaction config;
    private final int maxSummaryChars;
    private final Path workRoot;

    Summarizer(Database db, CheckpointStore checkpoints, ContextStore messages, AgentCall agents,
               SwitchboardConfig.Compaction config, int maxSummaryChars, Path workRoot) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.messages = messages;
        this.agents = agents;
        this.config = config;
        this.maxSummaryChars = maxSummaryChars;
        this.workRoot = workRoot;
    }

    /** Where process summarizers of checkpoint {@code id} keep their logs. */
    static Path workDir(Path workRoot, String id) {
        return workRoot.resolve(id);
    }

    Produced summarize(Checkpoint cp, StopSignal stop) throws InterruptedException {
        String previous = cp.previousId() == null ? null
                : db.read(tx -> checkpoints.find(tx, cp.previousId())).map(Checkpoint::summaryText).orElse(null);
        SummaryPrompt.Built prompt = db.read(tx -> SummaryPrompt.build(tx, messages, cp, previous,
                config.maxToolResultChars(), config.maxPromptChars()));
        Path dir = workDir(workRoot, cp.id());
        AgentCall.Result result;
        try {
            result = agents.call(new AgentCall.Request(cp.id(), cp.key(), cp.agent(), prompt.text(), config.timeout(),
                    maxSummaryChars, dir, stop, (pid, at) -> recordPid(cp.id(), pid, at)));
        } finally {
            deleteQuietly(dir);
        }
        return switch (result) {
            case AgentCall.Result.Failed f -> throw new CompactionFailure("the summarizer (agent " + cp.agent() + ") failed: "
                    + f.error() + "; the context is unchanged");
            case AgentCall.Result.Output o -> checked(o, prompt.range());
        };
    }

    private Produced checked(AgentCall.Result.Output o, Checkpoint.Range range) {
        String text = o.text();
        if (text.isBlank()) throw new CompactionFailure("the summarizer returned an empty summary; the context is unchanged");
        if (text.length() < config.minSummaryChars()) {
            throw new CompactionFailure("the summarizer returned an implausibly short summary (" + text.length()
                    + " characters; compaction.min_summary_chars is " + config.minSummaryChars() + "); the context is unchanged");
        }
        String header = "[Summary of the conversation before message #" + range.firstKeptSeq() + "]\n\n";
        return new Produced(range, header + text, o.usage() == null ? null : Json.write(o.usage()));
    }

    /** Durable before the summarizer runs long: a restart after a crash can then stop the process it left behind. */
    private void recordPid(String id, long pid, Instant startedAt) {
        try {
            db.write(tx -> {
                var cp = checkpoints.find(tx, id).orElse(null);
                if (cp != null && cp.status() == CheckpointStatus.RUNNING) {
                    checkpoints.update(tx, cp.withPid(pid, startedAt == null ? null : startedAt.toEpochMilli()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("compaction {}: recording the summarizer's pid {} failed: {}", id, pid, e.toString());
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
