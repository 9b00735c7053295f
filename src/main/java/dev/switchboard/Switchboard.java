package dev.switchboard;

import dev.switchboard.api.Authentication;
import dev.switchboard.api.HttpApi;
import dev.switchboard.compaction.AutoCompaction;
import dev.switchboard.compaction.CheckpointHistory;
import dev.switchboard.compaction.CompactionService;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.StartupFailure;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.context.ContextService;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.CloseReason;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventMetrics;
import dev.switchboard.event.EventService;
import dev.switchboard.health.HealthService;
import dev.switchboard.event.StreamRegistry;
import dev.switchboard.importer.SourceFollower;
import dev.switchboard.importer.SourceSpec;
import dev.switchboard.importer.SourceSpecs;
import dev.switchboard.limits.Limits;
import dev.switchboard.maintenance.MaintenanceService;
import dev.switchboard.mcp.McpEndpoint;
import dev.switchboard.mcp.tools.Tools;
import dev.switchboard.run.Agent;
import dev.switchboard.run.AgentRegistry;
import dev.switchboard.run.RunService;
import dev.switchboard.search.SearchIndexer;
import dev.switchboard.session.PolicyDocument;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.Sweeper;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import dev.switchboard.token.TokenService;
import dev.switchboard.transcript.TranscriptService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, wired by hand: {@link Core} (store, events, metrics), then the features in dependency order,
 * then HTTP. {@link #close} stops in reverse: stop accepting requests, stop runs and background jobs, drain the
 * writer, then the live event dispatch, then close files.
 */
public final class Switchboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

    private final Core core;
    private final SessionFeatures features;
    private final RunFeatures runFeatures;
    private final CompactionFeatures compaction;
    private final ImportFeatures imports;
    private final EventService eventService;
    private final StreamRegistry streams;
    private final Housekeeping housekeeping;
    private final HttpApi http;
    private final HealthService health;
    private volatile Optional<String> createdAdminToken = Optional.empty();
    private volatile boolean closed;

    private Switchboard(Core core, PolicyDocument policyConfig, Map<String, Agent> agents, List<SourceSpec> sources) {
        this.core = core;
        var config = core.config();
        this.features = SessionFeatures.wire(core, policyConfig);
        // Reconciled before serving, so no request sees a stale run.
        this.runFeatures = RunFeatures.wire(core, features, agents);
        requireDefaultAgent(config.runs().defaultAgent());
        runFeatures.supervisor().reconcile();
        // Likewise: no session is still "compacting" from an earlier process once requests arrive.
        this.compaction = CompactionFeatures.wire(core, features, runFeatures);
        compaction.compactions().reconcile();
        // [[sources]]: followed on a thread of their own once serving (start()).
        this.imports = ImportFeatures.wire(core, features, sources);

        // Open streams close when their token is revoked (at once) or expires (checked every second).
        this.eventService = new EventService(core.db(), core.stores().events(), core.events().hub(), config.events(),
                new EventMetrics(core.metrics()), core.clock());
        this.streams = new StreamRegistry(features.tokens(), core.clock(), config.events().maxStreams(), core.metrics());
        this.housekeeping = new Housekeeping(core.metrics());
        // Cluster duties: one node does them for all (ClusterDuties), another takes over when it stops.
        var duties = core.duties();
        housekeeping.everyOnce(duties, Duration.ofHours(1), "idempotency pruning", features.idempotency()::prune);
        housekeeping.everyOnce(duties, config.sessions().sweepEvery(), "session sweeper", features.sweeper()::sweep);
        housekeeping.everyOnce(duties, Duration.ofMillis(250), "full-text indexing", features.searchIndexer()::catchUp);
        housekeeping.everyOnce(duties, Duration.ofMinutes(1), "event retention", eventService::prune);
        housekeeping.everyOnce(duties, Duration.ofMinutes(1), "expired token pruning", features.tokens()::pruneExpired);
        var maintenance = new MaintenanceService(core.db(), core.more().maintenance(), core.stores().sessions(),
                features.sessions(), features.lifecycle(), features.archive(), config, core.metrics(), core.clock());
        housekeeping.everyOnce(duties, config.maintenance().every(), "maintenance", maintenance::enforce);
        housekeeping.everyOnce(duties, config.compaction().checkEvery(), "compaction check", compaction.auto()::sweep);
        var ownership = runFeatures.ownership();
        housekeeping.everyOnce(duties, ownership.renewEvery(), "run reconciliation", runFeatures.supervisor()::reconcileLapsed);
        // Every node's own.
        housekeeping.every(ownership.renewEvery(), "run lease renewal", ownership::renew);
        housekeeping.every(Duration.ofSeconds(1), "stream token expiry", streams::closeExpired);

        core.bus().start(); // every subscriber is registered: cluster messages may flow
        // One set of limits for every transport (REST, WebSocket, MCP): rate, size and JSON depth.
        var limits = new Limits(config.limits());
        housekeeping.every(Duration.ofMinutes(1), "rate limit pruning", limits::prune);
        var authentication = new Authentication(features.tokens(), limits);
        this.health = new HealthService(core.db());
        var routes = RouteList.of(core, features, runFeatures, compaction, imports, eventService, streams, authentication,
                limits, maintenance, health);
        var mcp = McpEndpoint.servlet(config, new Tools.Services(features.sessions(), features.transcripts(),
                features.search(), runFeatures.runs(), runFeatures.directives(), eventService, compaction.contexts(),
                compaction.compactions()),
                authentication, limits, streams, core.metrics());
        this.http = new HttpApi(config, limits, authentication, routes, Map.of(McpEndpoint.PATH, mcp), core.metrics());
    }

    /** Opens the store (migrating it), creates the first admin token if needed, and starts serving. */
    public static Switchboard start(SwitchboardConfig config, Clock clock) {
        // Parsed before anything is opened: a bad [policies] table or agent fails the start with nothing to clean up.
        var policyConfig = PolicyDocument.fromConfig(config.policies());
        var configuredAgents = AgentRegistry.fromConfig(config.runs().agents());
        var sources = SourceSpecs.fromConfig(config.sources(), SourceSpecs.home());
        HttpApi.requireListenable(config.server().bind(), config.server().port());
        DataDirectory.prepare(config.dataDir(), config.sqliteFile());
        Core core = openCore(config, clock);
        Switchboard sb;
        try {
            sb = new Switchboard(core, policyConfig, configuredAgents, sources);
        } catch (RuntimeException | Error e) {
            core.close();
            throw e;
        }
        try {
            sb.http.start();
            // Only once serving: a start that fails (port in use) must not use up the first-start token and its hint.
            sb.createdAdminToken = sb.features.tokens().bootstrapAdmin(config.adminTokenFile());
            sb.health.markStarted();
        } catch (RuntimeException | Error e) {
            sb.close();
            throw e;
        }
        log.info("listening on http://{}:{}", config.server().bind(), sb.port());
        sb.imports.follower().start();
        return sb;
    }

    private static Core openCore(SwitchboardConfig config, Clock clock) {
        try {
            return Core.open(config, clock);
        } catch (StoreException e) {
            if (config.store().postgres()) {
                throw new StartupFailure(StartupFailure.Kind.DATA_DIR, "cannot open the PostgreSQL store " + config.store()
                        + " (" + e.getMessage() + "); is the server running and the URL, user and password right?", e);
            }
            throw new StartupFailure(StartupFailure.Kind.DATA_DIR, "cannot open the store " + config.sqliteFile()
                    + " (" + e.getMessage() + "); is another server using it? Otherwise choose another --data", e);
        }
    }

    /** The agent runs fall back to must exist now, not at the first run that needs it. */
    private void requireDefaultAgent(String id) {
        if (core.db().read(tx -> runFeatures.agents().find(tx, id)).isPresent()) return;
        runFeatures.close(); // the caller closes the core
        throw new ConfigException("runs.default_agent = \"" + id + "\" names no agent; define [agents." + id
                + "] in the config file (or PUT /v1/agents/" + id + "), or use the built-in \"echo\"");
    }

    public int port() {
        return http.port();
    }

    public HttpApi http() {
        return http;
    }

    public Database database() {
        return core.db();
    }

    public SwitchboardConfig config() {
        return core.config();
    }

    /** The admin secret created on this start (first start only). */
    public Optional<String> createdAdminToken() {
        return createdAdminToken;
    }

    public TokenService tokens() {
        return features.tokens();
    }

    public SessionService sessions() {
        return features.sessions();
    }

    public TranscriptService transcripts() {
        return features.transcripts();
    }

    public EventLog events() {
        return core.events();
    }

    public SessionLifecycle lifecycle() {
        return features.lifecycle();
    }

    /** The session sweeper; tests run it directly after moving their clock. */
    public Sweeper sweeper() {
        return features.sweeper();
    }

    /** Brings the full-text index up to date now (it also does so in the background). */
    public SearchIndexer searchIndexer() {
        return features.searchIndexer();
    }

    public EventService eventService() {
        return eventService;
    }

    public StreamRegistry streams() {
        return streams;
    }

    public RunService runs() {
        return runFeatures.runs();
    }

    /** The importer's follower of {@code [[sources]]}. */
    public SourceFollower sources() {
        return imports.follower();
    }

    public DirectiveService directives() {
        return runFeatures.directives();
    }

    public CompactionService compactions() {
        return compaction.compactions();
    }

    public CheckpointHistory checkpoints() {
        return compaction.history();
    }

    public ContextService contexts() {
        return compaction.contexts();
    }

    /** The background compaction check; tests run it directly after moving their clock. */
    public AutoCompaction autoCompaction() {
        return compaction.auto();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        var stages = new ShutdownStages(log);
        stages.run("streams and HTTP", () -> {
            streams.closeAll(CloseReason.SHUTDOWN); // stream handlers return now, not at their next keep-alive
            http.close();
        });
        stages.run("import sources", imports::close);
        stages.run("compactions", compaction::close); // summaries stop first: they run agents
        stages.run("runs", runFeatures::close);
        stages.run("background jobs", housekeeping::close);
        stages.run("store and event dispatch", core::close); // drains queued writes, then delivers their events
        stages.done();
    }
}
