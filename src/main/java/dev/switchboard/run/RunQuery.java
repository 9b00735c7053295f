package dev.switchboard.run;

import dev.switchboard.input.Fields;
import dev.switchboard.session.SessionKeys;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Filters and position of {@code GET /v1/runs} (every run inside the caller's grants, newest first). Each filter is
 * an equality the store applies in SQL; a new one is one component here, one line in {@link #read} and one condition
 * in the store.
 *
 * @param session   runs of this session key
 * @param parentKey runs of the sessions whose {@code parent_key} is this (a parent's subagents)
 */
public record RunQuery(String status, String agent, String session, String parentKey, int limit, String cursor) {
    private static final Set<String> STATUSES =
            Arrays.stream(RunStatus.values()).map(RunStatus::wire).collect(Collectors.toUnmodifiableSet());

    /** The filters from a query string or a WebSocket call's params (422 when invalid). */
    public static RunQuery read(Fields q) {
        var query = new RunQuery(
                q.oneOf("status", STATUSES, null),
                q.string("agent", 64).orElse(null),
                q.string("session", SessionKeys.MAX_KEY).orElse(null),
                q.string("parent_key", SessionKeys.MAX_KEY).orElse(null),
                q.limit(),
                q.string("cursor", 2048).orElse(null));
        q.check();
        return query;
    }
}
