package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.ConfigException;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reset policies by scope, in the shape shared by the config file's {@code [policies]} table and
 * {@code GET/PUT /v1/policies}:
 * <pre>
 * {"default":    {"mode": "idle", "idle_minutes": 1440, "at_hour": 4, "time_zone": "UTC"},
 *  "chat_types": {"group": {"mode": "daily"}},
 *  "platforms":  {"telegram": {"mode": "both", "time_zone": "Europe/Berlin",
 *                              "chat_types": {"dm": {"idle_minutes": 120}}}}}
 * </pre>
 * Every level is partial. For a conversation the fields are taken, each on its own, from the most
 * specific level that sets them: {@code platforms.<p>.chat_types.<t>} over {@code platforms.<p>} over
 * {@code chat_types.<t>} over {@code default} (and built-in defaults under all of them), so a time zone
 * set once for a platform applies to all its chat types.
 */
public record PolicyDocument(Settings defaults, Map<String, Settings> chatTypes, Map<String, Platform> platforms) {
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    /** A year: longer silences are not "idle", they are a different conversation by any measure. */
    public static final int MAX_IDLE_MINUTES = 525_600;

    public static final PolicyDocument EMPTY = new PolicyDocument(Settings.NONE, Map.of(), Map.of());

    /** What applies where nothing is configured: never reset; values used once a mode is chosen. */
    public static final PolicyDocument BUILT_IN = new PolicyDocument(
            new Settings(ResetMode.NONE, 1440, 4, ZoneId.of("UTC")), Map.of(), Map.of());

    /** One level's settings; {@code null} fields are taken from the level below. */
    public record Settings(ResetMode mode, Integer idleMinutes, Integer atHour, ZoneId timeZone) {
        static final Settings NONE = new Settings(null, null, null, null);

        /** These settings with the gaps filled from {@code below}. */
        Settings over(Settings below) {
            if (below == null) return this;
            return new Settings(mode != null ? mode : below.mode, idleMinutes != null ? idleMinutes : below.idleMinutes,
                    atHour != null ? atHour : below.atHour, timeZone != null ? timeZone : below.timeZone);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            if (mode != null) o.put("mode", mode.wire());
            if (idleMinutes != null) o.put("idle_minutes", idleMinutes);
            if (atHour != null) o.put("at_hour", atHour);
            if (timeZone != null) o.put("time_zone", timeZone.getId());
            return o;
        }
    }

    /** A platform's own settings and its per-chat-type ones. */
    public record Platform(Settings settings, Map<String, Settings> chatTypes) {}

    /** The policy for a conversation on {@code platform} in a chat of {@code chatType}. */
    public ResetPolicy resolve(String platform, String chatType) {
        Platform p = platforms.get(platform);
        Settings s = Settings.NONE;
        if (p != null) s = s.over(p.chatTypes().get(chatType)).over(p.settings());
        s = s.over(chatTypes.get(chatType)).over(defaults).over(BUILT_IN.defaults);
        return new ResetPolicy(s.mode(), s.idleMinutes(), s.atHour(), s.timeZone());
    }

    /** This document with {@code top} laid over it, field by field ({@code top} wins where it sets a value). */
    public PolicyDocument overlay(PolicyDocument top) {
        var platformsMerged = new TreeMap<>(platforms);
        top.platforms.forEach((name, p) -> platformsMerged.merge(name, p, (below, above) ->
                new Platform(above.settings().over(below.settings()), mergeTypes(below.chatTypes(), above.chatTypes()))));
        return new PolicyDocument(top.defaults.over(defaults), mergeTypes(chatTypes, top.chatTypes), Map.copyOf(platformsMerged));
    }

    private static Map<String, Settings> mergeTypes(Map<String, Settings> below, Map<String, Settings> above) {
        var merged = new TreeMap<>(below);
        above.forEach((type, s) -> merged.merge(type, s, (b, a) -> a.over(b)));
        return Map.copyOf(merged);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.set("default", defaults.toJson());
        o.set("chat_types", typesJson(chatTypes));
        ObjectNode ps = o.putObject("platforms");
        new TreeMap<>(platforms).forEach((name, p) -> {
            ObjectNode po = p.settings().toJson();
            if (!p.chatTypes().isEmpty()) po.set("chat_types", typesJson(p.chatTypes()));
            ps.set(name, po);
        });
        return o;
    }

    private static ObjectNode typesJson(Map<String, Settings> types) {
        ObjectNode o = Json.object();
        new TreeMap<>(types).forEach((t, s) -> o.set(t, s.toJson()));
        return o;
    }

    /** Parses a document; every error is collected into one 422 naming each bad field. */
    public static PolicyDocument parse(JsonNode body) {
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("default", "chat_types", "platforms"));
        Settings defaults = f.nested("default").map(d -> settings(d, false)).orElse(Settings.NONE);
        Map<String, Settings> chatTypes = f.nested("chat_types").map(PolicyDocument::chatTypes).orElse(Map.of());
        var platforms = new LinkedHashMap<String, Platform>();
        f.nested("platforms").ifPresent(pf -> names(pf).forEachRemaining(name -> {
            if (!PLATFORM.matcher(name).matches()) {
                pf.error(name, "is not a platform name (lowercase letters, digits, '.', '_' or '-')");
            }
            pf.nested(name).ifPresent(p -> platforms.put(name, new Platform(settings(p, true),
                    p.nested("chat_types").map(PolicyDocument::chatTypes).orElse(Map.of()))));
        }));
        f.check();
        return new PolicyDocument(defaults, chatTypes, Map.copyOf(platforms));
    }

    /**
     * Parses the config file's {@code [policies]} table. Environment overrides
     * ({@code SWITCHBOARD_POLICIES__DEFAULT__IDLE_MINUTES=60}) arrive as strings, so numeric strings are
     * accepted here; errors name the config key.
     */
    public static PolicyDocument fromConfig(JsonNode table) {
        if (table == null || table.isNull() || (table.isObject() && table.isEmpty())) return EMPTY;
        JsonNode copy = table.deepCopy();
        numbersFromStrings(copy);
        try {
            return parse(copy);
        } catch (ProblemException e) {
            var sb = new StringBuilder("invalid [policies] configuration:");
            e.errors().forEach(err -> sb.append("\n  policies.").append(err.field()).append(": ").append(err.message()));
            throw new ConfigException(sb.toString());
        }
    }

    private static void numbersFromStrings(JsonNode node) {
        if (!(node instanceof ObjectNode o)) return;
        for (String field : Set.of("idle_minutes", "at_hour")) {
            JsonNode v = o.get(field);
            if (v != null && v.isTextual() && v.textValue().trim().matches("\\d{1,9}")) {
                o.set(field, IntNode.valueOf(Integer.parseInt(v.textValue().trim())));
            }
        }
        o.forEach(PolicyDocument::numbersFromStrings);
    }

    private static Iterator<String> names(Fields f) {
        return f.node().fieldNames();
    }

    private static Map<String, Settings> chatTypes(Fields f) {
        var out = new LinkedHashMap<String, Settings>();
        names(f).forEachRemaining(type -> {
            if (!SessionKeys.CHAT_TYPES.contains(type)) f.error(type, "is not a chat type (dm, group, channel or thread)");
            else f.nested(type).ifPresent(t -> out.put(type, settings(t, false)));
        });
        return Map.copyOf(out);
    }

    private static Settings settings(Fields f, boolean platformLevel) {
        f.onlyAllow(platformLevel ? Set.of("mode", "idle_minutes", "at_hour", "time_zone", "chat_types")
                : Set.of("mode", "idle_minutes", "at_hour", "time_zone"));
        ResetMode mode = null;
        if (f.has("mode")) {
            mode = f.oneOf("mode", Set.copyOf(ResetMode.WIRE)).flatMap(ResetMode::fromWire).orElse(null);
        }
        Integer idle = f.integer("idle_minutes", 1, MAX_IDLE_MINUTES).map(Long::intValue).orElse(null);
        Integer atHour = f.integer("at_hour", 0, 23).map(Long::intValue).orElse(null);
        ZoneId zone = f.string("time_zone", 64).map(z -> {
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                f.error("time_zone", "is not a time zone; use an IANA name such as Europe/Berlin or UTC");
                return null;
            }
        }).orElse(null);
        return new Settings(mode, idle, atHour, zone);
    }
}
