package dev.switchboard.api;

import dev.switchboard.config.StartupFailure;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.json.Json;
import dev.switchboard.limits.Limits;
import dev.switchboard.web.Problems;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
/**
 * The HTTP server: Javalin on Jetty with one virtual thread per request. Mounts every feature's routes behind
 * {@link Authentication} for {@code /v1/*}, passes every request through the {@link Limits}, and answers every error
 * as problem+json — {@link Problems} for what our handlers throw, {@link ProblemErrorHandler} for what Jetty refuses
 * before a handler runs. Transports that bring their own servlet (MCP's Streamable HTTP) are mounted beside Javalin's
 * at their exact path; they authenticate and limit themselves with the same {@link Authentication} and {@link Limits}.
 */
public final class HttpApi implements AutoCloseable {
    private final Javalin app;
    private final SwitchboardConfig.Http timeouts;
    private final String bind;
    private final int port;
    private RequestDeadlines deadlines;

    public HttpApi(SwitchboardConfig config, Limits limits, Authentication authentication, List<Routes> routes,
                   Map<String, HttpServlet> servlets, MeterRegistry metrics) {
        this.timeouts = config.http();
        this.bind = config.server().bind();
        this.port = config.server().port();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.limits().maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.appData(Requests.LIMITS, limits);
            cfg.jetty.addConnector((server, http) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(bind);
                connector.setPort(port);
                connector.setIdleTimeout(timeouts.idleTimeout().toMillis());
                return connector;
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Explicit session keys may contain '/', which clients send as %2F inside one path segment.
                http.setUriCompliance(UriCompliance.DEFAULT.with("switchboard-keys",
                        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
            });
            cfg.jetty.modifyServletContextHandler(handler -> {
                handler.getServletHandler().setDecodeAmbiguousURIs(true);
                handler.setErrorHandler(new ProblemErrorHandler());
                var ignoreOverride = new FilterHolder(new MethodOverrideIgnored());
                ignoreOverride.setAsyncSupported(true); // in front of the MCP servlet, which completes asynchronously
                handler.addFilter(ignoreOverride, "/*", EnumSet.of(DispatcherType.REQUEST));
                servlets.forEach((path, servlet) -> {
                    var holder = new ServletHolder(servlet);
                    holder.setAsyncSupported(true); // streamed responses (SSE) complete asynchronously
                    handler.addServlet(holder, path);
                });
                // No server sessions exist, but Javalin's WebSocket upgrade reads session attributes, which creates
                // one: never send its JSESSIONID cookie (WsRoutes drops the session itself at once).
                handler.getSessionHandler().setUsingCookies(false);
            });
            cfg.requestLogger.http(new RequestMetrics(metrics));
            // First: a refusal by any later handler (401, 413, 429) still carries the CORS headers a page needs to read it.
            new Cors(config.http().corsOrigins()).register(cfg.routes);
            cfg.routes.before(new BodyLimit(limits));
            cfg.routes.before(new QueryEncoding());
            cfg.routes.before("/v1/*", authentication);
            cfg.routes.before("/v1/*", new RateLimit(limits));
            Problems.register(cfg.routes);
            for (Routes r : routes) r.register(cfg.routes);
        });
    }

    /**
     * Fails fast, before the store is opened, when the configured address can't be listened on (port 0 always
     * can). Binds the way Jetty will (SO_REUSEADDR), so a port in TIME_WAIT is not refused here but taken there.
     */
    public static void requireListenable(String bind, int port) {
        if (port == 0) return;
        try (var probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(bind, port));
        } catch (java.io.IOException e) {
            throw cannotListen(bind, port, e.getMessage(), e);
        }
    }

    private static StartupFailure cannotListen(String bind, int port, String why, Exception cause) {
        return new StartupFailure(StartupFailure.Kind.LISTEN, "cannot listen on " + bind + ":" + port + " (" + why
                + "): stop the program using it or choose another port with --port (or SWITCHBOARD_PORT)", cause);
    }

    /** @throws StartupFailure when the address can't be listened on, saying which and what to do */
    public HttpApi start() {
        try {
            app.start();
        } catch (JavalinBindException e) {
            String why = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause().getMessage() : e.getMessage();
            throw cannotListen(bind, port, why, e);
        }
        deadlines = new RequestDeadlines(app.jettyServer().server(), timeouts.headerTimeout(), timeouts.bodyTimeout());
        deadlines.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        if (deadlines != null) deadlines.stop();
        app.stop();
    }
}
