package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes agent definitions. The same reader validates {@code PUT /v1/agents/{id}} bodies and the
 * config file's {@code [agents.<id>]} tables, so both accept exactly the same fields; fields that don't
 * belong to the chosen adapter are errors rather than silently ignored.
 */
public final class AgentDefinitions {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final long DEFAULT_TIMEOUT_SECONDS = 3_600;
    private static final int DEFAULT_MAX_CONCURRENT = 4;
    private static final long DEFAULT_GRACE_SECONDS = 5;
    private static final int DEFAULT_CONTEXT_MESSAGES = 200;
    private static final Set<String> COMMON = Set.of("adapter", "timeout_seconds", "max_concurrent");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "echo", Set.of("delay_ms"),
            "process", Set.of("command", "workdir", "env", "input_format", "grace_seconds", "first_run_args", "resume_args",
                    "workdir_root", "expects_report"),
            "http", Set.of("endpoint", "model", "api_key_env", "system_prompt", "max_context_messages"));

    private AgentDefinitions() {}

    /** Validates a definition; every problem is collected into one 422 (field names as in the body). */
    public static AgentSpec parse(JsonNode body) {
        Fields f = Fields.of(body);
        String adapter = f.requiredOneOf("adapter", FIELDS.keySet(), "(echo, process or http)").orElse(null);
        if (adapter == null) {
            f.check();
            throw new IllegalStateException("unreachable: adapter error was collected");
        }
        var allowed = new java.util.HashSet<>(COMMON);
        allowed.addAll(FIELDS.get(adapter));
        f.onlyAllow(allowed);
        Duration timeout = Duration.ofSeconds(f.integer("timeout_seconds", 1, 7 * 86_400L).orElse(DEFAULT_TIMEOUT_SECONDS));
        int maxConcurrent = f.integer("max_concurrent", 1, 10_000).orElse((long) DEFAULT_MAX_CONCURRENT).intValue();
        AgentSpec spec = switch (adapter) {
            case "echo" -> new AgentSpec.Echo(f.integer("delay_ms", 0, 60_000).orElse(0L), maxConcurrent, timeout);
            case "process" -> process(f, timeout, maxConcurrent);
            default -> http(f, timeout, maxConcurrent);
        };
        f.check();
        return spec;
    }

    private static AgentSpec process(Fields f, Duration timeout, int maxConcurrent) {
        List<String> command = f.requiredStrings("command", 4_096,
                "(the program and its arguments, e.g. [\"python3\", \"agent.py\"])").orElse(null);
        if (command != null && command.isEmpty()) f.error("command", "must name at least the program");
        String workdir = f.string("workdir", 4_096).orElse(null);
        if (workdir != null && !workdir.startsWith("/")) f.error("workdir", "must be an absolute path");
        List<String> env = f.strings("env", 128).orElse(List.of());
        for (int i = 0; i < env.size(); i++) {
            if (!ENV_NAME.matcher(env.get(i)).matches()) f.error("env[" + i + "]", "must be an environment variable name");
        }
        String input = f.oneOf("input_format", Set.of("text", "jsonl")).orElse("text");
        Duration grace = Duration.ofSeconds(f.integer("grace_seconds", 0, 600).orElse(DEFAULT_GRACE_SECONDS));
        List<String> firstRun = f.strings("first_run_args", 4_096).orElse(List.of());
        List<String> resume = f.strings("resume_args", 4_096).orElse(List.of());
        List<String> roots = f.strings("workdir_root", 4_096).orElse(List.of());
        for (int i = 0; i < roots.size(); i++) {
            if (!roots.get(i).startsWith("/")) f.error("workdir_root[" + i + "]", "must be an absolute path");
        }
        String report = f.string("expects_report", 1_024).orElse(null);
        if (report != null) {
            try {
                Workdirs.relativeFile("expects_report", report);
            } catch (dev.switchboard.problem.ProblemException e) {
                f.error("expects_report", e.errors().getFirst().message());
            }
        }
        return new AgentSpec.Process(command == null ? List.of() : command, workdir, env, input, timeout, grace, maxConcurrent,
                firstRun, resume, roots, report);
    }

    private static AgentSpec http(Fields f, Duration timeout, int maxConcurrent) {
        String endpoint = f.requiredString("endpoint", 2_048);
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = new URI(endpoint);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    f.error("endpoint", "must be an http(s) URL such as https://api.openai.com/v1");
                }
            } catch (URISyntaxException e) {
                f.error("endpoint", "is not a valid URL");
            }
        }
        String model = f.requiredString("model", 256);
        String keyEnv = f.string("api_key_env", 128).orElse(null);
        if (keyEnv != null && !ENV_NAME.matcher(keyEnv).matches()) f.error("api_key_env", "must be an environment variable name");
        String systemPrompt = f.string("system_prompt", 100_000).orElse(null);
        int context = f.integer("max_context_messages", 1, 10_000).orElse((long) DEFAULT_CONTEXT_MESSAGES).intValue();
        return new AgentSpec.Http(uri, model, keyEnv, systemPrompt, context, timeout, maxConcurrent);
    }

    /** The definition as stored and as PUT would accept it back (no id or source). */
    public static ObjectNode definition(AgentSpec spec) {
        ObjectNode o = Json.object();
        o.put("adapter", spec.adapter());
        switch (spec) {
            case AgentSpec.Echo e -> o.put("delay_ms", e.delayMs());
            case AgentSpec.Process p -> {
                o.set("command", Json.tree(p.command()));
                o.put("workdir", p.workdir());
                o.set("env", Json.tree(p.env()));
                o.put("input_format", p.inputFormat());
                o.put("grace_seconds", p.grace().toSeconds());
                o.set("first_run_args", Json.tree(p.firstRunArgs()));
                o.set("resume_args", Json.tree(p.resumeArgs()));
                o.set("workdir_root", Json.tree(p.workdirRoots()));
                o.put("expects_report", p.expectsReport());
            }
            case AgentSpec.Http h -> {
                o.put("endpoint", h.endpoint().toString());
                o.put("model", h.model());
                o.put("api_key_env", h.apiKeyEnv());
                o.put("system_prompt", h.systemPrompt());
                o.put("max_context_messages", h.maxContextMessages());
            }
        }
        o.put("timeout_seconds", spec.timeout().toSeconds());
        o.put("max_concurrent", spec.maxConcurrent());
        return o;
    }

    /** The API form: {@code {id, source, adapter, ...definition}}. */
    public static ObjectNode render(Agent agent) {
        ObjectNode o = Json.object();
        o.put("id", agent.id());
        o.put("source", agent.source());
        o.setAll(definition(agent.spec()));
        return o;
    }
}
