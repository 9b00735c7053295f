package dev.switchboard.archive;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code DELETE /v1/sessions/{key}} (archive or purge), undo of messages, the atomic rewrite
 * ({@code PUT …/messages?after_seq=}), and the admin's archive.
 */
public final class ArchiveRoutes implements Routes {
    private static final Set<String> REASONS =
            Arrays.stream(Removal.Reason.values()).map(Removal.Reason::wire).collect(Collectors.toUnmodifiableSet());

    private final ArchiveService archive;
    private final TranscriptRewrite rewrite;

    public ArchiveRoutes(ArchiveService archive, TranscriptRewrite rewrite) {
        this.archive = archive;
        this.rewrite = rewrite;
    }

    @Override
    public void register(RoutesConfig r) {
        r.delete("/v1/sessions/{key}", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("purge"));
            Boolean purge = q.bool("purge").orElse(null);
            q.check();
            archive.delete(Requests.caller(ctx), Requests.key(ctx), Boolean.TRUE.equals(purge), Requests.ifMatch(ctx));
            Reply.noContent().writeTo(ctx);
        });
        r.delete("/v1/sessions/{key}/messages", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("after_seq"));
            Long afterSeq = q.integer("after_seq", 0, Long.MAX_VALUE).orElse(null);
            q.check();
            TailArchive.Moved undo = archive.undo(Requests.caller(ctx), Requests.key(ctx), afterSeq);
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("removed", undo.removed());
            body.put("archive_id", undo.archiveId());
            Reply.json(200, body).writeTo(ctx);
        });
        r.put("/v1/sessions/{key}/messages", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("after_seq"));
            Long afterSeq = q.integer("after_seq", 0, Long.MAX_VALUE).orElse(null);
            q.check();
            TranscriptRewrite.Rewritten done = rewrite.rewrite(Requests.caller(ctx), Requests.key(ctx), afterSeq, Requests.json(ctx));
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("removed", done.removed());
            body.put("archive_id", done.archiveId());
            body.put("items", done.items());
            Reply.json(200, body).writeTo(ctx);
        });
        r.get("/v1/archive", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("key", "kind", "reason", "limit", "cursor"));
            String key = q.string("key", 512).orElse(null);
            String kind = q.oneOf("kind", Set.of(ArchiveEntry.SESSION, ArchiveEntry.MESSAGES), null);
            String reason = q.oneOf("reason", REASONS, null);
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, archive.list(Requests.caller(ctx), key, kind, reason, limit, cursor)).writeTo(ctx);
        });
        r.get("/v1/archive/{id}", ctx ->
                Reply.json(200, archive.get(Requests.caller(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.get("/v1/archive/{id}/messages", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("instance", "limit", "cursor"));
            String instance = q.string("instance", 64).orElse(null);
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, archive.messages(Requests.caller(ctx), ctx.pathParam("id"), instance, limit, cursor)).writeTo(ctx);
        });
    }

    /** {@code sessions.delete}: {@code params.purge} as the query flag, {@code params.if_match} as If-Match. */
    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.delete", call -> {
            var q = call.query(Set.of("purge"));
            boolean purge = Boolean.TRUE.equals(q.bool("purge").orElse(null));
            q.check();
            String key = call.key();
            archive.delete(call.caller(), key, purge, call.ifMatch());
            return Map.of("key", key, "deleted", true, "purged", purge);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/archive.json";
    }
}
