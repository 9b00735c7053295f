package dev.switchboard.export;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /v1/sessions/{key}/export}: NDJSON, streamed. */
public final class ExportRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);

    private final ExportService exports;

    public ExportRoutes(ExportService exports) {
        this.exports = exports;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sessions/{key}/export", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("instance"));
            String instance = q.string("instance", 64).orElse(null);
            q.check();
            String key = Requests.key(ctx);
            ExportService.Plan plan = exports.plan(Requests.caller(ctx), key, instance);
            ctx.status(200);
            ctx.contentType(ExportService.CONTENT_TYPE);
            ctx.header("Content-Disposition", "attachment; filename=\"session.ndjson\"");
            try (OutputStream out = new BufferedOutputStream(ctx.res().getOutputStream(), 64 * 1024)) {
                exports.write(plan, out);
            } catch (UncheckedIOException e) {
                // Headers are gone already: the client sees a truncated stream, which NDJSON readers detect.
                log.info("{}: export aborted: {}", key, e.getCause().getMessage());
            }
        });
    }

    @Override
    public String openApi() {
        return "/openapi/export.json";
    }
}
