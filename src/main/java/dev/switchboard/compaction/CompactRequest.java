package dev.switchboard.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.input.Fields;
import java.util.Set;

/**
 * {@code POST /v1/sessions/{key}/compact}: {@code {strategy, keep_last?, instructions?, agent?}}.
 *
 * @param keepLast messages the context keeps (null: {@code [compaction] keep_last})
 * @param agent    the summarizer (null: {@code [compaction] agent})
 */
public record CompactRequest(String strategy, Integer keepLast, String instructions, String agent) {
    public static final int MAX_KEEP_LAST = 10_000;
    private static final Set<String> FIELDS = Set.of("strategy", "keep_last", "instructions", "agent");

    public static CompactRequest parse(JsonNode body) {
        Fields f = Fields.of(body);
        f.onlyAllow(FIELDS);
        // Absent and null are the same 422 (one rule for every transport: Fields.required…).
        String strategy = f.requiredOneOf("strategy", Set.of(Checkpoint.SUMMARIZE, Checkpoint.TRUNCATE),
                "(summarize or truncate)").orElse(null);
        Integer keepLast = f.integer("keep_last", 0, MAX_KEEP_LAST).map(Long::intValue).orElse(null);
        String instructions = f.string("instructions", 10_000).orElse(null);
        String agent = f.string("agent", 64).orElse(null);
        f.check();
        return new CompactRequest(strategy, keepLast, instructions, agent);
    }
}
