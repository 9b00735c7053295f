package dev.switchboard;

import dev.switchboard.api.Authentication;
import dev.switchboard.api.HttpApi;
import dev.switchboard.api.Idempotency;
import dev.switchboard.api.OperationsRoutes;
import dev.switchboard.api.Routes;
import dev.switchboard.auth.TokenRoutes;
import dev.switchboard.auth.TokenService;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.directive.DirectiveRoutes;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventLog;
import dev.switchboard.run.AgentRegistry;
import dev.switchboard.run.RollbackArchive;
import dev.switchboard.run.RunRoutes;
import dev.switchboard.run.RunService;
import dev.switchboard.run.RunSupervisor;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionRoutes;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.sqlite.SqliteDatabase;
import dev.switchboard.store.sqlite.SqliteStores;
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
 * {@link #close} stops in reverse (stop accepting requests, then drain the writer, then close files).
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
    private final Housekeeping housekeeping;
    private final HttpApi http;
    private final AgentRegistry agents;
    private final DirectiveService directives;
    private final RunSupervisor supervisor;
    private final RunService runs;
    private final Optional<String> createdAdminToken;
    private volatile boolean closed;

    private Switchboard(SwitchboardConfig config, Clock clock) {
        this.config = config;
        var configuredAgents = AgentRegistry.fromConfig(config.runs().agents()); // fails before anything is opened
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        var gc = new JvmGcMetrics();
        gc.bindTo(metrics);

        // Readers: enough for both cores to stay busy while others wait on I/O; SQLite readers never block the writer.
        this.db = new SqliteDatabase(config.sqliteFile(), 8, metrics);
        var stores = SqliteStores.open(db);
        this.events = new EventLog(stores.events(), new EventHub());
        this.tokens = new TokenService(db, stores.tokens(), clock);
        this.sessions = new SessionService(db, stores.sessions(), events, new SessionKeys(config.routing()),
                config.limits(), clock);
        this.transcripts = new TranscriptService(db, stores.transcripts(), sessions, events,
                new MessageInput(config.limits()), clock);
        var idempotency = new Idempotency(db, stores.idempotency(), clock);

        this.createdAdminToken = tokens.bootstrapAdmin(config.adminTokenFile());

        // Runs: agents, directives, the supervisor. Reconciled before serving, so no request sees a stale run.
        var messageInput = new MessageInput(config.limits());
        this.agents = new AgentRegistry(configuredAgents, db, stores.agents(), clock);
        this.directives = new DirectiveService(db, stores.directives(), sessions, events, clock);
        this.supervisor = new RunSupervisor(db, stores.runs(), sessions, transcripts, messageInput, events, directives,
                agents, new RollbackArchive(stores.rollback(), stores.transcripts(), sessions, events, clock), clock, config.dataDir(),
                config.limits().maxMessageChars(), metrics);
        this.runs = new RunService(db, stores.runs(), sessions, messageInput, agents, supervisor,
                config.runs().defaultAgent(), config.dataDir(), clock);
        supervisor.reconcile();

        this.housekeeping = new Housekeeping();
        housekeeping.every(Duration.ofHours(1), "idempotency pruning", idempotency::prune);

        var routes = new ArrayList<Routes>(List.of(
                new TokenRoutes(tokens),
                new SessionRoutes(sessions, idempotency),
                new TranscriptRoutes(transcripts, idempotency)));
        routes.add(new RunRoutes(runs, agents, idempotency));
        routes.add(new DirectiveRoutes(directives, idempotency));
        routes.add(new OperationsRoutes(db, metrics, List.copyOf(routes)));
        this.http = new HttpApi(config, new Authentication(tokens), routes, metrics);
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
        return sb;
    }

    public int port() {
        return http.port();
    }

    public HttpApi http() {
        return http;
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

    public RunService runs() {
        return runs;
    }

    public DirectiveService directives() {
        return directives;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            http.close();
        } finally {
            supervisor.close();
            housekeeping.close();
            db.close();
            metrics.close();
        }
    }
}
