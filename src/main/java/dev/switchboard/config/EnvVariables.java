package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code SWITCHBOARD_*} environment variables this program knows, and the config key each one sets. An
 * unknown one is an error naming the closest known variable: {@code SWITCHBOARD_PROT} or
 * {@code SWITCHBOARD_LIMITS_MAX_BODY_BYTES} (one underscore) must not silently leave a default in place.
 */
final class EnvVariables {
    static final String PREFIX = "SWITCHBOARD_";
    /** Short names for the most used settings. */
    private static final Map<String, String> SHORTCUTS = Map.of(
            "SWITCHBOARD_PORT", "server.port", "SWITCHBOARD_BIND", "server.bind",
            "SWITCHBOARD_DATA", "data_dir", "SWITCHBOARD_STORE", "store.url");
    /**
     * Read by the launcher, the CLI client and logging, or set by the server for process agents: known, but not
     * server settings.
     */
    private static final Set<String> NOT_SETTINGS = Set.of("SWITCHBOARD_CONFIG", "SWITCHBOARD_TOKEN", "SWITCHBOARD_URL",
            "SWITCHBOARD_JAVA_OPTS", "SWITCHBOARD_LOG_LEVEL", "SWITCHBOARD_RUN_ID", "SWITCHBOARD_SESSION_KEY",
            "SWITCHBOARD_AGENT");
    /** Tables whose keys are names the operator picks (agent ids, platforms): anything below them is passed on. */
    private static final Set<String> OPEN_TABLES = Set.of("agents", "policies", "routing.platforms");

    private final Map<String, String> known = new LinkedHashMap<>();

    /** @param defaults the tree of every default setting: each leaf is a key an environment variable can set */
    EnvVariables(JsonNode defaults) {
        known.putAll(SHORTCUTS);
        leaves(defaults, "");
    }

    private void leaves(JsonNode node, String prefix) {
        node.properties().forEach(e -> {
            String path = prefix + e.getKey();
            if (e.getValue().isObject() && !OPEN_TABLES.contains(path)) leaves(e.getValue(), path + ".");
            else if (!OPEN_TABLES.contains(path)) known.put(variable(path), path);
        });
    }

    private static String variable(String path) {
        return PREFIX + path.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    /**
     * The config key {@code name} sets, empty for a known variable that is not a setting.
     *
     * @throws ConfigException for an unknown {@code SWITCHBOARD_*} variable, naming the closest known one
     */
    Optional<String> keyOf(String name) {
        if (NOT_SETTINGS.contains(name)) return Optional.empty();
        String key = known.get(name);
        if (key != null) return Optional.of(key);
        for (String table : OPEN_TABLES) {
            String open = variable(table) + "__";
            if (name.startsWith(open) && name.length() > open.length()) {
                return Optional.of(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", "."));
            }
        }
        throw new ConfigException("unknown environment variable " + name + "; did you mean " + closest(name)
                + "? (settings are SWITCHBOARD_<SECTION>__<KEY>, with two underscores; unset it to start)");
    }

    private String closest(String name) {
        var all = new TreeSet<>(known.keySet());
        all.addAll(NOT_SETTINGS);
        return all.stream().min(Comparator.comparingInt(k -> distance(name, k))).orElseThrow();
    }

    /** Levenshtein distance: the fewest single-character edits from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
