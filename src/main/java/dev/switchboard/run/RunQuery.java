package dev.switchboard.run;

import dev.switchboard.input.Fields;
import dev.switchboard.session.SessionKeys;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Filters and position of a run list: {@code GET /v1/runs} (every run inside the caller's grants, newest first) and a
 * session's {@code GET /v1/sessions/{key}/runs}. Each filter is an equality the store applies in SQL; a new one is
 * one component here, one line in {@link #read} and one condition in the store. One reader, so every run list
 * filters alike.
 *
 * @param session   runs of this session key
 * @param parentKey runs of the sessions whose {@code parent_key} is this (a parent's subagents)
 * @param metadata  {@code metadata.<field>=<value>}: each given field of the run's metadata equals the value,
 *                  compared as text (empty: no filter)
 */
public record RunQuery(String status, String agent, String session, String parentKey, Map<String, String> metadata,
                       int limit, String cursor) {
    /** The global list's parameters; {@code metadata.*} is any parameter named {@code metadata.<field>}. */
    public static final Set<String> PARAMETERS =
            Set.of("status", "agent", "session", "parent_key", "metadata.*", "limit", "cursor");
    /** A session's run list: the same without the session filters (the path names the session). */
    public static final Set<String> SESSION_PARAMETERS = Set.of("metadata.*", "limit", "cursor");
    private static final Set<String> STATUSES =
            Arrays.stream(RunStatus.values()).map(RunStatus::wire).collect(Collectors.toUnmodifiableSet());
    /** Field names go into SQL as JSON paths: letters, digits and '_' only, so none can break out of one. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_FILTERS = 8;

    public RunQuery {
        metadata = Map.copyOf(metadata);
    }

    /** The filters from a query string or a WebSocket call's params (422 when invalid). */
    public static RunQuery read(Fields q) {
        Map<String, String> metadata = q.prefixed("metadata.");
        metadata.keySet().forEach(field -> {
            if (!FIELD.matcher(field).matches()) q.error("metadata." + field, "a metadata field name is letters, digits and '_'");
        });
        if (metadata.size() > MAX_FILTERS) q.error("metadata", "at most " + MAX_FILTERS + " metadata filters");
        var query = new RunQuery(
                q.oneOf("status", STATUSES, null),
                q.string("agent", 64).orElse(null),
                q.string("session", SessionKeys.MAX_KEY).orElse(null),
                q.string("parent_key", SessionKeys.MAX_KEY).orElse(null),
                metadata,
                q.limit(),
                q.string("cursor", 2048).orElse(null));
        q.check();
        return query;
    }
}
