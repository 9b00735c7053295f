package dev.switchboard.search;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code GET /v1/search}. */
public final class SearchRoutes implements Routes {
    private final SearchService search;

    public SearchRoutes(SearchService search) {
        this.search = search;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/search", ctx -> {
            var request = SearchQuery.read(Fields.query(ctx.queryParamMap(), SearchQuery.PARAMETERS));
            Reply.json(200, search.search(Requests.caller(ctx), request.query(), request.cursor())).writeTo(ctx);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/search.json";
    }
}
