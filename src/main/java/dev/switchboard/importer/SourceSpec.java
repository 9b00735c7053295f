package dev.switchboard.importer;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code [[sources]]} entry (or the CLI's {@code import --follow}): a reader kind, where its files are,
 * whether to keep following them, and the agent and channel to give every session (null: the reader's).
 *
 * @param paths one path from the config, or the kind's default paths
 */
public record SourceSpec(String kind, List<Path> paths, boolean follow, String agent, String channel) {
    /** A stable name: the kind and its paths; it keys the stored file offsets. */
    public String id() {
        return kind + ":" + String.join(",", paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    }

    public ImportWriter.Routing routing() {
        return new ImportWriter.Routing(agent, channel);
    }
}
