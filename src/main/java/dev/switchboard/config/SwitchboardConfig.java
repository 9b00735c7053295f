package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything configurable, with defaults that run with no file at all (DESIGN.md "Configuration").
 * Built by {@link ConfigLoader} from defaults, then the config file, then {@code SWITCHBOARD_*} env, then flags.
 *
 * @param sources  the {@code [[sources]]} array of tables (importer)
 * @param policies the {@code [policies]} table as written; parsed and validated by
 *                 {@code session.PolicyDocument.fromConfig}, which shares its reader with {@code PUT /v1/policies}
 */
public record SwitchboardConfig(
        Server server,
        Path dataDir,
        String store,
        Limits limits,
        Sessions sessions,
        Events events,
        Routing routing,
        JsonNode policies,
        Runs runs,
        List<Source> sources) {

    public record Server(String bind, int port) {}

    /** Request limits: exceeding one is a 413, never a silent truncation. */
    public record Limits(long maxBodyBytes, int maxMessageChars, int maxBatchMessages, int maxMetadataBytes,
                         double requestsPerSecond, double burst) {}

    /** @param sweepEvery how often the sweeper marks silent sessions idle or stale */
    public record Sessions(Duration idleAfter, Duration staleAfter, Duration sweepEvery) {}

    /**
     * @param buffer     live events held per subscriber before it counts as fallen behind (closed with {@code overflow})
     * @param maxStreams open SSE + WebSocket connections at most; more are refused with 503
     */
    public record Events(Duration retention, Duration keepAlive, int buffer, int maxStreams) {}

    /** Per-user isolation in shared chats, by default and per platform (DESIGN.md "Session keys"). */
    public record Routing(Isolation defaults, Map<String, Isolation> platforms) {
        public Isolation forPlatform(String platform) {
            return platforms.getOrDefault(platform, defaults);
        }
    }

    /**
     * Runs: the agent used when neither the request nor the session names a defined one, and the config
     * file's agent definitions ({@code [agents.<id>]}, validated by the run feature at start-up).
     */
    public record Runs(String defaultAgent, Map<String, com.fasterxml.jackson.databind.JsonNode> agents) {}

    public record Isolation(boolean groupPerUser, boolean channelPerUser, boolean threadPerUser) {}

    /**
     * A {@code [[sources]]} entry: other agents' transcripts the server imports at start and, with {@code follow},
     * keeps importing as they grow. {@code kind} is checked against the importer's readers at start-up.
     *
     * @param path    where the files are ({@code ~} is the user's home), or null for the kind's default locations
     * @param agent   the agent every imported session gets (null: the reader's)
     * @param channel the channel every imported session gets (null: the reader's)
     */
    public record Source(String kind, String path, boolean follow, String agent, String channel) {}

    /** The SQLite file inside the data directory (when {@link #store} is "sqlite"). */
    public Path sqliteFile() {
        return dataDir.resolve("switchboard.db");
    }

    public Path adminTokenFile() {
        return dataDir.resolve("admin.token");
    }
}
