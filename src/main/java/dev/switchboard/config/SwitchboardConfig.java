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
        Store store,
        Limits limits,
        Sessions sessions,
        Events events,
        Routing routing,
        JsonNode policies,
        Runs runs,
        Mcp mcp,
        Http http,
        Compaction compaction,
        Context context,
        List<Source> sources,
        Map<String, Team> teams,
        Maintenance maintenance) {

    /**
     * A team ({@code [teams.<name>]}) agents talk to through pair sessions: the agent that answers for it and its
     * project directory, where that agent runs. Either may be absent (the session's agent; the agent's workdir).
     */
    public record Team(String agent, Path workdir) {}

    /**
     * Retention ({@code [maintenance]}, README "Retention and maintenance"). Ended sessions older than
     * {@code pruneEndedAfter} (null: never) move to the archive; archive entries older than {@code archiveDays}
     * (0: never) are purged; above {@code maxSessions} live sessions (0: no bound) the oldest ended ones are archived;
     * above {@code maxDiskBytes} of store (0: no bound) the oldest archive entries are purged. Never an active
     * session, a protected one or one with a queued or running run. Checked every {@code every}.
     */
    public record Maintenance(Duration pruneEndedAfter, int archiveDays, long maxSessions, long maxDiskBytes, Duration every) {}

    public record Server(String bind, int port) {}

    /**
     * Where the data lives: {@code url} "sqlite" (the default: {@code switchboard.db} in the data directory) or a
     * {@code postgresql://user[:password]@host:port/db} URL; the password may instead come from {@code PGPASSWORD} or
     * {@code password_file}. {@link #toString} never shows a password.
     */
    public record Store(String url, Path passwordFile) {
        public boolean postgres() {
            return !url.equals("sqlite");
        }

        @Override
        public String toString() {
            return url.replaceFirst("^(postgres(?:ql)?://[^:@/]*):[^@/]*@", "$1@");
        }
    }

    /**
     * Request limits: exceeding one is an error (413, 422 or 429), never a silent truncation.
     *
     * @param maxJsonDepth          deepest nesting of arrays and objects a JSON payload may have (422 beyond)
     * @param authFailuresPerMinute failed authentications one client address may make per minute before further
     *                              failures are answered 429 instead of 401 (0: no limit)
     */
    public record Limits(long maxBodyBytes, int maxMessageChars, int maxBatchMessages, int maxMetadataBytes,
                         double requestsPerSecond, double burst, int maxJsonDepth, int authFailuresPerMinute) {}

    /**
     * The HTTP listener: which browser pages may use it, and connection timeouts against clients that hold a
     * connection without completing a request (slow-loris).
     *
     * @param corsOrigins   the exact origins ({@code https://app.example.com}) whose pages may call the API, stream
     *                      events and open WebSockets; none by default (same-origin only)
     * @param idleTimeout   a connection with no bytes in either direction for this long is closed
     * @param headerTimeout a request's line and headers must have arrived within this long of its first byte
     * @param bodyTimeout   a request's body must have arrived within this long of its first byte
     */
    public record Http(java.util.List<String> corsOrigins, Duration idleTimeout, Duration headerTimeout,
                       Duration bodyTimeout) {}

    /** @param sweepEvery how often the sweeper marks silent sessions idle or stale */
    /** @param protectedKeys keys that can't be deleted or purged, whatever their {@code protected} flag says */
    public record Sessions(Duration idleAfter, Duration staleAfter, Duration sweepEvery, java.util.Set<String> protectedKeys) {}

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
    public record Runs(String defaultAgent, Map<String, com.fasterxml.jackson.databind.JsonNode> agents, Duration lease,
                       int maxExchangeTurns) {
        /**
         * How long a run's owner may go without renewing its lease before another node declares the run lost: long
         * enough to ride out a database failover or a GC pause, short enough that a dead node's sessions move on.
         */
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    }

    /**
     * The MCP server ({@code /mcp}, {@code switchboard mcp}).
     *
     * @param maxOutputChars a tool result's structured content plus its text at most; a longer page is returned
     *                       shorter with a cursor to continue, never cut
     */
    public record Mcp(int maxOutputChars) {}

    /**
     * Compaction ({@code [compaction]}, README "Compaction and checkpoints").
     *
     * @param agent              the summarizer agent (null: none; {@code summarize} then needs the request's {@code agent})
     * @param keepLast           messages the context keeps after a compaction by default
     * @param minMessages        fewer messages than this to cover → 409 {@code nothing-to-compact}
     * @param maxToolResultChars tool results are trimmed to this many characters in the summarizer's prompt
     * @param maxPromptChars     the summarizer's prompt holds at most this much transcript; a compaction of more
     *                           covers what fits (the next one covers the rest)
     * @param minSummaryChars    a shorter summary is implausible: the compaction fails instead
     * @param timeout            how long a summarizer may run
     * @param maxConcurrent      summaries running at once; more wait (their sessions show {@code compacting})
     * @param auto               compact by itself when a session crosses a threshold
     * @param autoStrategy       what automatic compaction does ({@code summarize} or {@code truncate})
     * @param maxMessages        threshold: messages in the context
     * @param maxContextTokens   threshold: estimated tokens of the context
     * @param maxAge             threshold (with {@code ageMinMessages}): the oldest message in the context is older
     * @param ageMinMessages     the age rule applies only to contexts with more messages than this
     * @param checkEvery         how often the background check looks at every session
     */
    public record Compaction(String agent, int keepLast, int minMessages, int maxToolResultChars, int maxPromptChars,
                             int minSummaryChars, Duration timeout, int maxConcurrent, boolean auto, String autoStrategy,
                             int maxMessages, long maxContextTokens, Duration maxAge, int ageMinMessages,
                             Duration checkEvery) {}

    /**
     * What agents are handed ({@code [context]}): {@code GET /v1/sessions/{key}/context} and runs.
     *
     * @param maxTokens    the context's token budget unless a request asks for less (or more)
     * @param maxMessages  messages in a context at most
     * @param template     the session context block ({@code {platform}}, {@code {user_name}}, …); empty: no block
     * @param redactIdsFor platforms whose user and chat ids reach a model only as stable hashes
     */
    public record Context(long maxTokens, int maxMessages, String template, java.util.List<String> redactIdsFor) {}

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
