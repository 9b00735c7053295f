package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A conversation as a source stores it, mapped to what a Switchboard session holds (docs/import.md has the
 * table per format). A reader may hand the same key over again with a later title or model: the writer keeps
 * the last one it saw.
 *
 * @param key       the stable Switchboard key ({@code claude-code:<project>:<sessionId>}, …)
 * @param parentKey the spawning session's key for subagents and sidechains, else null
 * @param createdAt the source's start time, or null when it has none
 * @param metadata  the source's own fields (cwd, git branch, version, platform ids, …) under {@code source}
 */
public record SourceSession(
        String key,
        String parentKey,
        String agent,
        String channel,
        String title,
        String model,
        Instant createdAt,
        ObjectNode metadata) {

    public SourceSession withTitle(String newTitle) {
        return new SourceSession(key, parentKey, agent, channel, newTitle, model, createdAt, metadata);
    }

    public SourceSession withModel(String newModel) {
        return new SourceSession(key, parentKey, agent, channel, title, newModel, createdAt, metadata);
    }

    /** The same session with the agent and channel a {@code [[sources]]} entry or the CLI imposes (null: keep). */
    public SourceSession routed(String forcedAgent, String forcedChannel) {
        return new SourceSession(key, parentKey, forcedAgent != null ? forcedAgent : agent,
                forcedChannel != null ? forcedChannel : channel, title, model, createdAt, metadata);
    }
}
