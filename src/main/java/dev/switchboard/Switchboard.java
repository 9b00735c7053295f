package dev.switchboard;

import dev.switchboard.api.Authentication;
import dev.switchboard.api.CloseReason;
import dev.switchboard.api.HttpApi;
import dev.switchboard.api.Idempotency;
import dev.switchboard.api.OperationsRoutes;
import dev.switchboard.api.Routes;
import dev.switchboard.api.StreamRegistry;
import dev.switchboard.api.ws.WsMethods;
import dev.switchboard.api.ws.WsRoutes;
import dev.switchboard.auth.TokenRoutes;
import dev.switchboard.auth.TokenService;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.directive.DirectiveRoutes;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventLog;
import dev.switchboard.archive.ArchiveRoutes;
import dev.switchboard.archive.ArchiveService;
import dev.switchboard.archive.TailArchive;
import dev.switchboard.export.ExportRoutes;
import dev.switchboard.export.ExportService;
import dev.switchboard.importer.ImportProgress;
import dev.switchboard.importer.ServiceTarget;
import dev.switchboard.importer.SourceFollower;
import dev.switchboard.importer.SourceRoutes;
import dev.switchboard.importer.SourceSpecs;
import dev.switchboard.importer.SourcesService;
import dev.switchboard.importer.StoredMarks;
import dev.switchboard.preview.PreviewRoutes;
import dev.switchboard.preview.PreviewService;
import dev.switchboard.search.SearchRoutes;
import dev.switchboard.search.SearchIndexer;
import dev.switchboard.search.SearchService;
import dev.switchboard.session.LifecycleRoutes;
import dev.switchboard.session.PolicyDocument;
import dev.switchboard.session.ResetPolicies;
import dev.switchboard.event.EventMetrics;
import dev.switchboard.event.EventRoutes;
import dev.switchboard.event.EventService;
import dev.switchboard.event.StreamTokenService;
import dev.switchboard.run.AgentRegistry;
import dev.switchboard.run.RunRoutes;
import dev.switchboard.run.RunService;
import dev.switchboard.run.RunSupervisor;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionPlugins;
import dev.switchboard.session.SessionRoutes;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.Sweeper;
import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteImportFileStore;
import dev.switchboard.store.sqlite.SqliteLifecycleStores;
import dev.switchboard.store.sqlite.SqliteStores;
import dev.switchboard.usage.UsageRoutes;
import dev.switchboard.usage.UsageService;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptRoutes;
import dev.switchboard.transcript.TranscriptService;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, wired by hand: store, services, HTTP. Construction order is dependency order;
 * {@link #close} stops in reverse (stop accepting requests, then drain the writer, then the live event
 * dispatch, then close files).
 */
public final class Switchboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

    private final SwitchboardConfig config;
    private final PrometheusMeterRegistry metrics;
    private final SqliteDatabase db;
    private final TokenService tokens;
    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final EventLog events;
    private final SessionLifecycle lifecycle;
    private final Sweeper sweeper;
    private final SearchIndexer searchIndexer;
    private final EventService eventService;
    private final StreamRegistry streams;
    private final Housekeeping housekeeping;
    private final HttpApi http;
    private final AgentRegistry agents;
    private final DirectiveService directives;
    private final RunSupervisor supervisor;
    private final RunService runs;
    private final SourceFollower sources;
    private final Optional<String> createdAdminToken;
    private volatile boolean closed;

    private Switchboard(SwitchboardConfig config, Clock clock) {
        this.config = config;
        // Parsed before anything is opened: a bad [policies] table fails the start with nothing to clean up.
        var policyConfig = PolicyDocument.fromConfig(config.policies());
        var configuredAgents = AgentRegistry.fromConfig(config.runs().agents()); // fails before anything is opened
        var sourceSpecs = SourceSpecs.fromConfig(config.sources(), SourceSpecs.home()); // likewise
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        var gc = new JvmGcMetrics();
        gc.bindTo(metrics);

        // Readers: enough for both cores to stay busy while others wait on I/O; SQLite readers never block the writer.
        this.db = new SqliteDatabase(config.sqliteFile(), 8, metrics);
        var stores = SqliteStores.open(db);
        var hub = new EventHub();
        hub.bindTo(metrics);
        this.events = new EventLog(stores.events(), hub);
        this.tokens = new TokenService(db, stores.tokens(), clock);
        var keys = new SessionKeys(config.routing());
        this.sessions = new SessionService(db, stores.sessions(), events, keys, config.limits(), clock);
        var messageInput = new MessageInput(config.limits());
        this.transcripts = new TranscriptService(db, stores.transcripts(), sessions, events, messageInput, clock);
        var idempotency = new Idempotency(db, stores.idempotency(), clock);
        var more = SqliteLifecycleStores.open();
        var policies = new ResetPolicies(db, more.policies(), policyConfig, clock);
        this.lifecycle = new SessionLifecycle(db, stores.sessions(), more.lifecycle(), sessions, keys, policies, events, clock);
        this.sweeper = new Sweeper(db, more.lifecycle(), sessions, config.sessions(), clock);
        var plugins = new SessionPlugins(db, sessions, config.limits(), clock);
        // Undo and run rollbacks move removed messages to the archive through this one piece.
        var tails = new TailArchive(more.archive(), sessions, events, clock);
        var archive = new ArchiveService(db, more.archive(), stores.sessions(), sessions, lifecycle, events, tails,
                runIds -> RunSupervisor.eraseRunDirs(config.dataDir(), runIds), clock);
        var previews = new PreviewService(db, stores.sessions(), stores.transcripts());
        this.searchIndexer = new SearchIndexer(db, more.search());
        var search = new SearchService(db, more.search(), searchIndexer);
        var usage = new UsageService(db, more.usage(), clock);
        var exports = new ExportService(db, sessions, lifecycle, stores.transcripts(), clock);

        this.createdAdminToken = tokens.bootstrapAdmin(config.adminTokenFile());

        // Runs: agents, directives, the supervisor. Reconciled before serving, so no request sees a stale run.
        this.agents = new AgentRegistry(configuredAgents, db, stores.agents(), clock);
        this.directives = new DirectiveService(db, stores.directives(), sessions, events, clock);
        this.supervisor = new RunSupervisor(db, stores.runs(), sessions, transcripts, messageInput, events, directives,
                agents, tails, clock, config.dataDir(),
                config.limits().maxMessageChars(), metrics);
        this.runs = new RunService(db, stores.runs(), sessions, messageInput, agents, supervisor,
                config.runs().defaultAgent(), config.dataDir(), clock);
        supervisor.reconcile();

        // [[sources]]: other agents' transcripts, imported and followed on a thread of their own once serving
        this.sources = new SourceFollower(sourceSpecs, new ServiceTarget(sessions, transcripts, messageInput),
                new StoredMarks(db, new SqliteImportFileStore(), clock), clock, ImportProgress.NONE);

        this.housekeeping = new Housekeeping();
        housekeeping.every(Duration.ofHours(1), "idempotency pruning", idempotency::prune);
        housekeeping.every(config.sessions().sweepEvery(), "session sweeper", sweeper::sweep);
        housekeeping.every(Duration.ofMillis(250), "full-text indexing", searchIndexer::catchUp);

        // Events: subscriptions (SSE, WebSocket), stream tokens, retention. Open streams close when their
        // token is revoked (at once) or expires (checked every second).
        this.eventService = new EventService(db, stores.events(), events.hub(), config.events(), new EventMetrics(metrics), clock);
        this.streams = new StreamRegistry(tokens, clock, config.events().maxStreams(), metrics);
        housekeeping.every(Duration.ofMinutes(1), "event retention", eventService::prune);
        housekeeping.every(Duration.ofSeconds(1), "stream token expiry", streams::closeExpired);
        var authentication = new Authentication(tokens);

        var routes = new ArrayList<Routes>(List.of(
                new TokenRoutes(tokens),
                new SessionRoutes(sessions, idempotency),
                new TranscriptRoutes(transcripts, idempotency),
                new LifecycleRoutes(lifecycle, plugins, policies, idempotency),
                new ArchiveRoutes(archive),
                new PreviewRoutes(previews),
                new SearchRoutes(search),
                new UsageRoutes(usage),
                new ExportRoutes(exports)));
        routes.add(new RunRoutes(runs, agents, idempotency));
        routes.add(new DirectiveRoutes(directives, idempotency));
        routes.add(new EventRoutes(eventService, new StreamTokenService(tokens, sessions, clock), streams));
        routes.add(new SourceRoutes(new SourcesService(sources)));
        // After every feature's routes: the WebSocket methods are collected from them (Routes.rpc).
        routes.add(new WsRoutes(authentication, WsMethods.of(routes), streams, config.events().keepAlive(),
                config.limits().maxBodyBytes()));
        routes.add(new OperationsRoutes(db, metrics, List.copyOf(routes)));
        this.http = new HttpApi(config, authentication, routes, metrics);
    }

    /** Opens the store (migrating it), creates the first admin token if needed, and starts serving. */
    public static Switchboard start(SwitchboardConfig config, Clock clock) {
        var sb = new Switchboard(config, clock);
        try {
            sb.http.start();
        } catch (RuntimeException e) {
            sb.close();
            throw e;
        }
        log.info("listening on http://{}:{}", config.server().bind(), sb.port());
        sb.sources.start();
        return sb;
    }

    public int port() {
        return http.port();
    }

    public HttpApi http() {
        return http;
    }

    public SqliteDatabase database() {
        return db;
    }

    public SwitchboardConfig config() {
        return config;
    }

    /** The admin secret created on this start (first start only). */
    public Optional<String> createdAdminToken() {
        return createdAdminToken;
    }

    public TokenService tokens() {
        return tokens;
    }

    public SessionService sessions() {
        return sessions;
    }

    public TranscriptService transcripts() {
        return transcripts;
    }

    public EventLog events() {
        return events;
    }

    public SessionLifecycle lifecycle() {
        return lifecycle;
    }

    /** The session sweeper; tests run it directly after moving their clock. */
    public Sweeper sweeper() {
        return sweeper;
    }

    /** Brings the full-text index up to date now (it also does so in the background). */
    public SearchIndexer searchIndexer() {
        return searchIndexer;
    }

    public EventService eventService() {
        return eventService;
    }

    public StreamRegistry streams() {
        return streams;
    }

    public RunService runs() {
        return runs;
    }

    public DirectiveService directives() {
        return directives;
    }

    /** The importer's follower of {@code [[sources]]}. */
    public SourceFollower sources() {
        return sources;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            streams.closeAll(CloseReason.SHUTDOWN); // stream handlers return now, not at their next keep-alive
            http.close();
        } finally {
            sources.close(); // before the store: its last batch commits or is re-read by the next start
            supervisor.close();
            housekeeping.close();
            db.close();
            events.hub().close(); // after the writer: it delivers what the last commits handed over, then stops
            metrics.close();
        }
    }
}
