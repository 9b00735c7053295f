package dev.switchboard.dashboard;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Lazy;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The web dashboard: {@code GET /} (the page, never cached) and {@code GET /assets/<hash>/<name>} (its scripts,
 * styles and icon, cached for good: a new build has a new hash). No authentication here: the page holds no data;
 * it calls the public {@code /v1} API with the token the user pastes.
 *
 * <p>Every response carries a strict Content-Security-Policy: scripts and styles only from this origin (no inline
 * code, no eval), connections only to this origin, images from here or {@code data:} (inline transcript images), no
 * framing, no forms posting anywhere, and Trusted Types with no policy, so {@code innerHTML} and friends throw: even
 * a rendering bug can't turn transcript content into markup. {@code Referrer-Policy: no-referrer} because stream
 * tokens travel in {@code /v1/events} URLs.
 */
public final class DashboardRoutes implements Routes {
    static final String CSP = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'");
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** Read on the first request, not at start-up: opening the jar as a file system and hashing is ≈ 25 ms. */
    private final Lazy<DashboardAssets> assets = new Lazy<>(DashboardAssets::load);

    @Override
    public void register(RoutesConfig r) {
        r.get("/", ctx -> {
            secure(ctx).header("Cache-Control", "no-cache");
            ctx.contentType("text/html; charset=utf-8").result(assets.get().index());
        });
        r.get("/assets/{hash}/{name}", ctx -> {
            secure(ctx);
            var asset = assets.get().get(ctx.pathParam("hash"), ctx.pathParam("name"));
            if (asset == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no dashboard asset " + ctx.path()
                        + " (this build's assets are under /assets/" + assets.get().hash() + "/)");
            }
            ctx.header("Cache-Control", IMMUTABLE).contentType(asset.contentType()).result(asset.bytes());
        });
    }

    private static Context secure(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        return ctx;
    }

    @Override
    public String openApi() {
        return "/openapi/dashboard.json";
    }
}
