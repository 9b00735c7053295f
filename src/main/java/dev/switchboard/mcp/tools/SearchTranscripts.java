package dev.switchboard.mcp.tools;

import dev.switchboard.search.SearchHit;
import dev.switchboard.search.SearchQuery;
import dev.switchboard.search.SearchService;

/** {@code search_transcripts}: {@code GET /v1/search} (full text, ranked, with the REST filters and cursor). */
final class SearchTranscripts implements Tool {
    private final SearchService search;

    SearchTranscripts(SearchService search) {
        this.search = search;
    }

    @Override public String name() { return "search_transcripts"; }

    @Override public boolean readOnly() { return true; }

    @Override
    public ToolResult call(ToolCall call) {
        var request = SearchQuery.read(call.query());
        var page = search.search(call.caller(), request.query(), request.cursor());
        return ToolResult.page(page, Texts.page("matches", page, SearchTranscripts::line), page.items().size(),
                n -> call(call.withMaxItems(n)));
    }

    private static String line(SearchHit h) {
        return h.key() + " #" + h.seq() + " " + h.role() + ": " + h.snippet();
    }
}
