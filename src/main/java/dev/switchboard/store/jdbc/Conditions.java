package dev.switchboard.store.jdbc;

import dev.switchboard.auth.Caller;
import java.util.List;

/**
 * WHERE conditions the stores build the same way, collected as SQL fragments with their parameters (every value
 * bound, never spliced in): the caller's grants, which every query over sessions applies in SQL so that nothing
 * outside them is returned or counted, and optional equality filters.
 */
public final class Conditions {
    private Conditions() {}

    /** Restricts a query to the caller's channel, agent and session grants. */
    public static void grants(Caller caller, List<String> where, List<Object> params) {
        if (caller.channels() != null) {
            if (caller.channels().isEmpty()) where.add("1 = 0");
            else {
                where.add("s.channel IN (" + Rows.placeholders(caller.channels().size()) + ")");
                params.addAll(caller.channels().stream().sorted().toList());
            }
        }
        if (caller.agents() != null) {
            if (caller.agents().isEmpty()) where.add("1 = 0");
            else {
                where.add("s.agent IN (" + Rows.placeholders(caller.agents().size()) + ")");
                params.addAll(caller.agents().stream().sorted().toList());
            }
        }
        if (caller.sessionKey() != null) {
            where.add("s.key = ?");
            params.add(caller.sessionKey());
        }
    }

    /** {@code column IN (?, …)} when {@code values} has any; nothing when null or empty (no filter). */
    public static void in(List<String> where, List<Object> params, String column, List<String> values) {
        if (values == null || values.isEmpty()) return;
        where.add(column + " IN (" + Rows.placeholders(values.size()) + ")");
        params.addAll(values);
    }

    /** {@code column = ?} when {@code value} is given; nothing when it is null (no filter). */
    public static void equal(List<String> where, List<Object> params, String column, String value) {
        if (value == null) return;
        where.add(column + " = ?");
        params.add(value);
    }
}
