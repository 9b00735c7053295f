package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Layers configuration: built-in defaults, then the config file ({@code .toml} or {@code .json}),
 * then environment ({@code SWITCHBOARD_PORT}, {@code SWITCHBOARD_BIND}, {@code SWITCHBOARD_DATA},
 * {@code SWITCHBOARD_STORE}, or any key as {@code SWITCHBOARD_<SECTION>__<KEY>}), then command-line flags.
 * Unknown keys and unknown {@code SWITCHBOARD_*} variables are errors: a typo in a limit must not silently leave
 * the default in place.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode tree;

    private ConfigLoader(ObjectNode tree) {
        this.tree = tree;
    }

    /** Defaults only: what a server started with no file, env or flags runs with. */
    public static ConfigLoader defaults() {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("data_dir", "./data");
        t.putObject("store").put("url", "sqlite").putNull("password_file");
        ObjectNode server = t.putObject("server");
        server.put("bind", "127.0.0.1");
        server.put("port", 7700);
        ObjectNode limits = t.putObject("limits");
        limits.put("max_body_bytes", 4L * 1024 * 1024).put("max_message_chars", 200_000).put("max_batch_messages", 1_000)
                .put("max_metadata_bytes", 64 * 1024).put("requests_per_second", 0).put("burst", 100)
                .put("max_json_depth", 64).put("auth_failures_per_minute", 60);
        ObjectNode http = t.putObject("http");
        http.putArray("cors_origins");
        http.put("idle_timeout", "30s").put("header_timeout", "10s").put("body_timeout", "60s");
        ObjectNode sessions = t.putObject("sessions");
        sessions.put("idle_after", "10m");
        sessions.put("stale_after", "30m");
        sessions.put("sweep_every", "15s");
        Retention.defaults(t, sessions);
        ObjectNode events = t.putObject("events");
        events.put("retention", "7d");
        events.put("keep_alive", "15s");
        events.put("buffer", 4_096);
        events.put("max_streams", 20_000);
        ObjectNode routing = t.putObject("routing");
        routing.put("group_per_user", true);
        routing.put("channel_per_user", false);
        routing.put("thread_per_user", false);
        routing.putObject("platforms");
        t.putObject("policies");
        t.putObject("runs").put("default_agent", "echo").put("lease", "30s");
        t.putObject("agents").put("max_exchange_turns", 5);
        // About 12k tokens: a page an agent can read without crowding out its context; longer ones continue by cursor.
        t.putObject("mcp").put("max_output_chars", 50_000);
        ObjectNode compaction = t.putObject("compaction");
        compaction.put("keep_last", 20);
        compaction.put("min_messages", 4);
        compaction.put("max_tool_result_chars", 2_000);
        compaction.put("max_prompt_chars", 400_000);
        compaction.put("min_summary_chars", 20);
        compaction.put("timeout", "2m");
        compaction.put("max_concurrent", 2);
        compaction.put("auto", false);
        compaction.put("auto_strategy", "summarize");
        compaction.put("max_messages", 500);
        compaction.put("max_context_tokens", 100_000);
        compaction.put("max_age", "7d");
        compaction.put("age_min_messages", 100);
        compaction.put("check_every", "5m");
        ObjectNode context = t.putObject("context");
        context.put("max_tokens", 100_000);
        context.put("max_messages", 500);
        // hermes-agent's PII-safe platforms (ids are phone numbers or never needed for mentions), plus SMS
        context.putArray("redact_ids_for").add("whatsapp").add("signal").add("telegram").add("bluebubbles").add("sms");
        return new ConfigLoader(t);
    }

    /** Merges a config file; its keys override defaults. */
    public ConfigLoader file(Path file) {
        if (file == null) return this;
        if (!Files.isRegularFile(file)) throw new ConfigException("config file not found: " + file);
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            JsonNode parsed = name.endsWith(".json")
                    ? JSON.readTree(file.toFile())
                    : new TomlMapper().readTree(file.toFile());
            if (!(parsed instanceof ObjectNode obj)) throw new ConfigException(file + ": expected a table of settings");
            merge(tree, obj, "");
            return this;
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Merges {@code SWITCHBOARD_*} variables from {@code env}; an unknown one is an error naming the closest known
     * variable ({@link EnvVariables}).
     */
    public ConfigLoader env(Map<String, String> env) {
        var known = new EnvVariables(defaults().tree);
        new java.util.TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(EnvVariables.PREFIX)) known.keyOf(name).ifPresent(path -> set(path, value));
        });
        return this;
    }

    /** Sets one dotted key, e.g. {@code set("server.port", "8080")}; null values are ignored. */
    public ConfigLoader set(String dottedPath, Object value) {
        if (value == null) return this;
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], JSON.valueToTree(value));
        return this;
    }

    private static void merge(ObjectNode into, ObjectNode from, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode fo) {
                merge(eo, fo, prefix + e.getKey() + ".");
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    public SwitchboardConfig load() {
        var r = new ConfigTable(tree, "");
        r.only(Set.of("data_dir", "store", "server", "http", "limits", "sessions", "events", "routing", "policies",
                "runs", "agents", "mcp", "compaction", "context", "sources", "teams", "maintenance"));
        ConfigTable server = r.section("server");
        server.only(Set.of("bind", "port"));
        ConfigTable sessions = r.section("sessions");
        sessions.only(Set.of("idle_after", "stale_after", "sweep_every", "protected"));
        ConfigTable events = r.section("events");
        events.only(Set.of("retention", "keep_alive", "buffer", "max_streams"));
        // store = "postgresql://…" is short for [store] url = "…"
        var store = store(tree.get("store") != null && tree.get("store").isTextual()
                ? new ConfigTable(JsonNodeFactory.instance.objectNode().put("url", tree.get("store").asText()), "store.")
                : r.section("store"));
        var cfg = new SwitchboardConfig(
                new SwitchboardConfig.Server(server.string("bind"), (int) server.range("port", 0, 65_535)),
                Path.of(r.string("data_dir")),
                store,
                limits(r.section("limits")),
                new SwitchboardConfig.Sessions(sessions.duration("idle_after"), sessions.duration("stale_after"),
                        sessions.duration("sweep_every"), Set.copyOf(sessions.strings("protected"))),
                new SwitchboardConfig.Events(events.duration("retention"), events.duration("keep_alive"),
                        (int) events.range("buffer", 1, 1_000_000), (int) events.range("max_streams", 1, 1_000_000)),
                routing(r.section("routing")),
                r.section("policies").node(),
                runs(r.section("runs"), r.section("agents")),
                mcp(r.section("mcp")),
                http(r.section("http")),
                compaction(r.section("compaction")),
                context(r.section("context")),
                sources(tree.get("sources")),
                teams(r.section("teams")),
                Retention.maintenance(r.section("maintenance").node()));
        if (cfg.sessions().staleAfter().compareTo(cfg.sessions().idleAfter()) < 0) {
            throw new ConfigException("sessions.stale_after must not be shorter than sessions.idle_after");
        }
        return cfg;
    }

    private static SwitchboardConfig.Limits limits(ConfigTable limits) {
        limits.only(Set.of("max_body_bytes", "max_message_chars", "max_batch_messages", "max_metadata_bytes",
                "requests_per_second", "burst", "max_json_depth", "auth_failures_per_minute"));
        return new SwitchboardConfig.Limits(
                limits.range("max_body_bytes", 1_024, 1L << 30),
                (int) limits.range("max_message_chars", 1, 100_000_000),
                (int) limits.range("max_batch_messages", 1, 100_000),
                (int) limits.range("max_metadata_bytes", 256, 16 << 20),
                limits.decimal("requests_per_second", 0, 1_000_000),
                limits.range("burst", 1, 1_000_000),
                // Answers wrap stored JSON in a few levels of their own, and Jackson refuses to write past 1000.
                (int) limits.range("max_json_depth", 1, 500),
                (int) limits.range("auth_failures_per_minute", 0, 1_000_000));
    }

    private static SwitchboardConfig.Http http(ConfigTable http) {
        http.only(Set.of("cors_origins", "idle_timeout", "header_timeout", "body_timeout"));
        return new SwitchboardConfig.Http(CorsOrigins.read(http.node().get("cors_origins")),
                http.duration("idle_timeout"), http.duration("header_timeout"), http.duration("body_timeout"));
    }

    private static SwitchboardConfig.Routing routing(ConfigTable routing) {
        routing.only(Set.of("group_per_user", "channel_per_user", "thread_per_user", "platforms"));
        var defaults = isolation(routing);
        var platforms = new LinkedHashMap<String, SwitchboardConfig.Isolation>();
        ConfigTable platformsNode = routing.section("platforms");
        for (String platform : platformsNode.keys()) {
            ConfigTable p = platformsNode.section(platform);
            p.only(Set.of("group_per_user", "channel_per_user", "thread_per_user"));
            platforms.put(platform, new SwitchboardConfig.Isolation(
                    p.bool("group_per_user", defaults.groupPerUser()),
                    p.bool("channel_per_user", defaults.channelPerUser()),
                    p.bool("thread_per_user", defaults.threadPerUser())));
        }
        return new SwitchboardConfig.Routing(defaults, Map.copyOf(platforms));
    }

    private static SwitchboardConfig.Runs runs(ConfigTable runs, ConfigTable agentsNode) {
        runs.only(Set.of("default_agent", "lease"));
        var agents = new LinkedHashMap<String, JsonNode>();
        for (String id : agentsNode.keys()) {
            if (id.equals(MAX_EXCHANGE_TURNS)) continue; // [agents] max_exchange_turns is a setting, not an agent
            agents.put(id, agentsNode.section(id).node()); // validated by the run feature
        }
        return new SwitchboardConfig.Runs(runs.string("default_agent"), java.util.Collections.unmodifiableMap(agents),
                runs.duration("lease"), (int) agentsNode.range(MAX_EXCHANGE_TURNS, 1, 1_000));
    }

    private static final String MAX_EXCHANGE_TURNS = "max_exchange_turns";

    /** {@code [teams.<name>]}: a team's agent and its project directory (an absolute path). */
    private static Map<String, SwitchboardConfig.Team> teams(ConfigTable teams) {
        var out = new java.util.TreeMap<String, SwitchboardConfig.Team>();
        for (String name : teams.keys()) {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException("teams." + name + ": a team name must match [A-Za-z0-9._-]{1,64}");
            }
            ConfigTable t = teams.section(name);
            t.only(Set.of("agent", "workdir"));
            String workdir = t.optional("workdir");
            // Checked when a run starts there (a missing one fails the run naming it), like a moved project.
            if (workdir != null && !workdir.startsWith("/")) {
                throw new ConfigException("teams." + name + ".workdir must be an absolute path (got '" + workdir + "')");
            }
            out.put(name, new SwitchboardConfig.Team(t.optional("agent"), workdir == null ? null : Path.of(workdir)));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static SwitchboardConfig.Mcp mcp(ConfigTable mcp) {
        mcp.only(Set.of("max_output_chars"));
        return new SwitchboardConfig.Mcp((int) mcp.range("max_output_chars", 1_000, 10_000_000));
    }

    private static SwitchboardConfig.Compaction compaction(ConfigTable c) {
        c.only(Set.of("agent", "keep_last", "min_messages", "max_tool_result_chars", "max_prompt_chars",
                "min_summary_chars", "timeout", "max_concurrent", "auto", "auto_strategy", "max_messages",
                "max_context_tokens", "max_age", "age_min_messages", "check_every"));
        String strategy = c.string("auto_strategy");
        if (!Set.of("summarize", "truncate").contains(strategy)) {
            throw new ConfigException("compaction.auto_strategy must be summarize or truncate (got '" + strategy + "')");
        }
        var cfg = new SwitchboardConfig.Compaction(c.optional("agent"), (int) c.range("keep_last", 0, 10_000),
                (int) c.range("min_messages", 1, 100_000), (int) c.range("max_tool_result_chars", 0, 1_000_000),
                (int) c.range("max_prompt_chars", 1_000, 100_000_000), (int) c.range("min_summary_chars", 1, 100_000),
                c.duration("timeout"), (int) c.range("max_concurrent", 1, 64), c.bool("auto", false), strategy,
                (int) c.range("max_messages", 1, 100_000_000), c.range("max_context_tokens", 1, 1L << 40),
                c.duration("max_age"), (int) c.range("age_min_messages", 0, 100_000_000), c.duration("check_every"));
        if (cfg.auto() && strategy.equals("summarize") && cfg.agent() == null) {
            throw new ConfigException("compaction.auto with auto_strategy \"summarize\" needs compaction.agent "
                    + "(the summarizer); set it, or auto_strategy = \"truncate\"");
        }
        return cfg;
    }

    private static SwitchboardConfig.Context context(ConfigTable c) {
        c.only(Set.of("max_tokens", "max_messages", "template", "redact_ids_for"));
        JsonNode template = c.node().get("template");
        if (template != null && !template.isTextual()) throw new ConfigException("context.template must be a string");
        return new SwitchboardConfig.Context(c.range("max_tokens", 1, 1L << 40),
                (int) c.range("max_messages", 1, 100_000), template == null ? null : template.asText(),
                c.strings("redact_ids_for"));
    }

    /** {@code [store]}: {@code url} is "sqlite" (the file in data_dir) or a postgresql:// URL. */
    private static SwitchboardConfig.Store store(ConfigTable r) {
        r.only(Set.of("url", "password_file"));
        String url = r.string("url");
        if (!url.equals("sqlite") && !url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new ConfigException("store.url must be 'sqlite' or a postgresql://user@host:5432/db URL");
        }
        JsonNode file = r.node().get("password_file");
        return new SwitchboardConfig.Store(url, file == null || file.isNull() ? null : Path.of(file.asText()));
    }

    /** {@code [[sources]]}: an array of tables, each with a kind and optionally path, follow, agent, channel. */
    private static List<SwitchboardConfig.Source> sources(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new ConfigException("sources must be an array of tables ([[sources]])");
        var out = new ArrayList<SwitchboardConfig.Source>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String prefix = "sources[" + i + "].";
            if (!e.isObject()) throw new ConfigException(prefix.substring(0, prefix.length() - 1) + " must be a table");
            var s = new ConfigTable(e, prefix);
            s.only(Set.of("kind", "path", "follow", "agent", "channel"));
            out.add(new SwitchboardConfig.Source(s.string("kind"), s.optional("path"), s.bool("follow", true),
                    s.optional("agent"), s.optional("channel")));
        }
        return List.copyOf(out);
    }

    private static SwitchboardConfig.Isolation isolation(ConfigTable r) {
        return new SwitchboardConfig.Isolation(
                r.bool("group_per_user", true), r.bool("channel_per_user", false), r.bool("thread_per_user", false));
    }
}
