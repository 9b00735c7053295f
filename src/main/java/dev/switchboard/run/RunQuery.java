package dev.switchboard.run;

import dev.switchboard.input.Fields;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Filters and position of a run list: {@code metadata.<field>=<value>} (each given field of the run's metadata equals
 * the value, compared as text) plus {@code limit} and {@code cursor}. One reader, so every run list filters alike.
 *
 * @param metadata field → value, all of which must match (empty: no filter)
 */
public record RunQuery(Map<String, String> metadata, int limit, String cursor) {
    /** {@code metadata.*}: any parameter named {@code metadata.<field>}. */
    public static final Set<String> PARAMETERS = Set.of("metadata.*", "limit", "cursor");
    /** Field names go into SQL as JSON paths: letters, digits and '_' only, so none can break out of one. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_FILTERS = 8;

    public RunQuery {
        metadata = Map.copyOf(metadata);
    }

    public static RunQuery read(Fields q) {
        Map<String, String> metadata = q.prefixed("metadata.");
        metadata.keySet().forEach(field -> {
            if (!FIELD.matcher(field).matches()) q.error("metadata." + field, "a metadata field name is letters, digits and '_'");
        });
        if (metadata.size() > MAX_FILTERS) q.error("metadata", "at most " + MAX_FILTERS + " metadata filters");
        var query = new RunQuery(metadata, q.limit(), q.string("cursor", 2048).orElse(null));
        q.check();
        return query;
    }
}
