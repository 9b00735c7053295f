package dev.switchboard.search;

import dev.switchboard.input.Fields;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** {@code GET /v1/search}. */
public final class SearchRoutes implements Routes {
    private final SearchService search;

    public SearchRoutes(SearchService search) {
        this.search = search;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/search", ctx -> {
            var q = Fields.query(ctx.queryParamMap());
            String text = q.string("q", 1024).orElse(null);
            var query = new SearchQuery(
                    text,
                    q.oneOf("syntax", Set.of("fts", "plain"), "fts").equals("plain"),
                    q.string("channel", 64).orElse(null),
                    q.string("agent", 64).orElse(null),
                    q.string("session", 512).orElse(null),
                    q.oneOf("role", MessageInput.ROLES, null),
                    q.limit(),
                    0);
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            if (text == null || text.isBlank()) {
                throw dev.switchboard.problem.ProblemException.validation("q", "is required: what to search for");
            }
            Reply.json(200, search.search(Requests.caller(ctx), query, cursor)).writeTo(ctx);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/search.json";
    }
}
