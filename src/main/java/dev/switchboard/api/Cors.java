package dev.switchboard.api;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Browser access from other origins ({@code [http] cors_origins}, API.md "Browsers"). For a listed origin every
 * response carries {@code Access-Control-Allow-Origin: <that origin>} (never {@code *}; no credentials either:
 * the API authenticates with a bearer header or a stream token, never cookies), and preflights ({@code OPTIONS}
 * with {@code Access-Control-Request-Method}) are answered 204 for the API, the event stream and the WebSocket.
 * A preflight from another origin gets a 403 naming the setting, which shows in the browser's network tab.
 *
 * <p>WebSocket upgrades are not subject to CORS in browsers, so {@link #checkUpgrade} does the check the browser
 * won't: an upgrade that carries an {@code Origin} must be same-origin or listed (clients that send no
 * {@code Origin}, i.e. not browsers, are not affected).
 */
public final class Cors {
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, Idempotency-Key, Last-Event-ID";
    /** Response headers a page may read: versions, idempotent replays, back-off. */
    private static final String EXPOSED_HEADERS = "ETag, Idempotent-Replayed, Retry-After, Location";
    /** Browsers cache a preflight this long (Chrome caps it at 2 h). */
    private static final String MAX_AGE_SECONDS = "7200";

    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /**
     * Registers one before-handler on every path. Preflights are answered there (and the rest of the chain skipped)
     * rather than by an {@code OPTIONS /*} route, which would make every unknown path "exist" and turn 404s into 405s.
     */
    public void register(RoutesConfig r) {
        r.before(this::handle);
    }

    private void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return;
        boolean listed = origins.contains(origin.toLowerCase(Locale.ROOT));
        boolean preflight = ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null;
        if (preflight && !listed) throw notListed(origin);
        if (!listed) return;
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if (!preflight) return;
        ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        ctx.status(204);
        ctx.skipRemainingHandlers();
    }

    /** 403 unless the upgrade has no {@code Origin} (not a browser), comes from the server's own origin, or is listed. */
    public void checkUpgrade(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origins.contains(origin.toLowerCase(Locale.ROOT)) || sameOrigin(origin, ctx.header("Host"))) return;
        throw notListed(origin);
    }

    /** Whether {@code origin} names this server as the client reached it ({@code Host}, default port filled in). */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) return false;
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null) return false;
            int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            String given = host.toLowerCase(Locale.ROOT);
            if (!given.matches(".*:\\d+")) given += ":" + port; // "[::1]" has no port; "[::1]:7700" has
            return given.equals((u.getHost() + ":" + port).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ProblemException notListed(String origin) {
        return new ProblemException(ProblemType.FORBIDDEN, "origin " + origin
                + " is not allowed; add it to [http] cors_origins (env SWITCHBOARD_HTTP__CORS_ORIGINS)");
    }
}
