package dev.switchboard.api;

import dev.switchboard.config.StartupFailure;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.json.Json;
import dev.switchboard.web.Problems;
import dev.switchboard.web.Routes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The HTTP server: Javalin on Jetty with one virtual thread per request. Mounts every feature's
 * routes behind {@link Authentication} for {@code /v1/*} and maps failures through {@link Problems}. Transports that
 * bring their own servlet (MCP's Streamable HTTP) are mounted beside Javalin's at their exact path; they
 * authenticate and limit themselves with the same {@link Authentication} and {@link RateLimit}.
 */
public final class HttpApi implements AutoCloseable {
    private final Javalin app;
    private final String bind;
    private final int port;

    public HttpApi(SwitchboardConfig config, Authentication authentication, RateLimit rateLimit, List<Routes> routes,
                   Map<String, HttpServlet> servlets, MeterRegistry metrics) {
        this.bind = config.server().bind();
        this.port = config.server().port();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.limits().maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.jetty.host = config.server().bind();
            cfg.jetty.port = config.server().port();
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Explicit session keys may contain '/', which clients send as %2F inside one path segment.
                http.setUriCompliance(UriCompliance.DEFAULT.with("switchboard-keys",
                        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
            });
            cfg.jetty.modifyServletContextHandler(handler -> {
                handler.getServletHandler().setDecodeAmbiguousURIs(true);
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
            cfg.routes.before(new BodyLimit(config.limits().maxBodyBytes()));
            cfg.routes.before("/v1/*", authentication);
            cfg.routes.before("/v1/*", rateLimit);
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
        app.stop();
    }
}
