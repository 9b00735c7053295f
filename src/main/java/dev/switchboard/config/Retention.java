package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/** The retention settings: {@code [maintenance]} and {@code [sessions] protected}, their defaults and their reading. */
final class Retention {
    private static final Set<String> KEYS = Set.of("prune_ended_after", "archive_days", "max_sessions", "max_disk_bytes", "every");

    private Retention() {}

    /** Adds the defaults to the tree of every setting (each leaf is also an environment variable). */
    static void defaults(ObjectNode tree, ObjectNode sessions) {
        sessions.putArray("protected");
        // prune_ended_after has no default leaf: absent means off (SWITCHBOARD_MAINTENANCE__PRUNE_ENDED_AFTER still works).
        tree.putObject("maintenance").put("prune_ended_after", "off").put("archive_days", 30).put("max_sessions", 0)
                .put("max_disk_bytes", 0).put("every", "10m");
    }

    static SwitchboardConfig.Maintenance maintenance(JsonNode m) {
        var unknown = new java.util.TreeSet<String>();
        m.fieldNames().forEachRemaining(f -> {
            if (!KEYS.contains(f)) unknown.add("maintenance." + f);
        });
        if (!unknown.isEmpty()) throw new ConfigException("unknown config key(s) " + unknown + "; known here: " + KEYS);
        String prune = m.path("prune_ended_after").asText("off");
        Duration pruneAfter = prune.isBlank() || prune.equals("off") ? null : positive("prune_ended_after", prune);
        return new SwitchboardConfig.Maintenance(pruneAfter, (int) number(m, "archive_days", 36_500),
                number(m, "max_sessions", Long.MAX_VALUE), number(m, "max_disk_bytes", Long.MAX_VALUE),
                positive("every", m.path("every").asText()));
    }

    private static Duration positive(String key, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) throw new ConfigException("maintenance." + key + " must be positive");
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("maintenance." + key + ": " + e.getMessage());
        }
    }

    private static long number(JsonNode m, String key, long max) {
        try {
            long v = Long.parseLong(m.path(key).asText().trim().replace("_", ""));
            if (v < 0 || v > max) throw new ConfigException("maintenance." + key + " must be between 0 and " + max);
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException("maintenance." + key + " must be a whole number");
        }
    }
}
