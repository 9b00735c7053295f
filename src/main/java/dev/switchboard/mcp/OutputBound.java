package dev.switchboard.mcp;

import dev.switchboard.json.Json;
import dev.switchboard.mcp.tools.ToolResult;
import dev.switchboard.problem.ProblemException;

/**
 * {@code [mcp] max_output_chars}: a tool answer (its structured JSON plus its text) is never longer, and never cut.
 * A page that would be longer is asked for again with fewer items, so the service returns the shorter page with the
 * cursor that continues it; an answer that can't be made shorter (one object, or a page of one) is a
 * {@code payload-too-large} problem saying how to read it instead.
 */
final class OutputBound {
    private final int maxChars;

    /** An answer within the bound, rendered: the structured content's JSON and the text. */
    record Rendered(String json, String text) {}

    OutputBound(int maxChars) {
        this.maxChars = maxChars;
    }

    private ProblemException tooLarge(long size) {
        return ProblemException.tooLarge("this answer is " + size + " characters, over [mcp] max_output_chars ("
                + maxChars + "), and can't be split further; read a narrower window or read it over the REST API");
    }

    Rendered render(ToolResult result) {
        ToolResult r = result;
        while (true) {
            String json = Json.write(r.structured());
            long size = (long) json.length() + r.text().length();
            if (size <= maxChars) return new Rendered(json, r.text());
            if (!r.paged()) throw tooLarge(size);
            // Proportional first guess, strictly fewer each round: the loop ends after at most items rounds.
            int fewer = (int) Math.max(1, Math.min(r.items() - 1, (long) r.items() * maxChars / size));
            ToolResult next = r.shorter().apply(fewer);
            if (next.items() >= r.items()) throw tooLarge(size); // the page did not get shorter: never loop
            r = next;
        }
    }
}
