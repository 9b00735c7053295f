package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run was launched, decided in the transaction that starts it and stored with it ({@code launch} on the run),
 * so an operator sees exactly what ran and the adapter runs exactly that: for a process agent the argv after the
 * placeholders {@code {session_key}}, {@code {instance_id}} and {@code {agent_session_id}} were replaced (with
 * {@code first_run_args} on the first run of the agent session id, {@code resume_args} after), the working
 * directory (the run's own {@code workdir}, else a pair session's team's, else the agent's), and a snapshot of the agent definition.
 *
 * <p>{@code {prompt}} stays a placeholder here: it is the run's input, replaced only in the argv handed to the
 * process. The values substituted can't contain braces (keys, ULIDs, UUIDs), so nothing is replaced twice.
 */
public final class Launch {
    private Launch() {}

    /** What the placeholders stand for in one run; {@code workdir} overrides the agent's (null: the agent's). */
    public record Identity(String sessionKey, String instanceId, String agentSessionId, boolean firstRun,
                           String workdir) {}

    static ObjectNode of(Agent agent, Identity id) {
        ObjectNode launch = Json.object();
        if (agent.spec() instanceof AgentSpec.Process p) {
            var argv = new ArrayList<String>();
            for (String a : p.command()) argv.add(substitute(a, id));
            for (String a : id.firstRun() ? p.firstRunArgs() : p.resumeArgs()) argv.add(substitute(a, id));
            launch.set("argv", Json.tree(argv));
            launch.put("workdir", id.workdir() != null ? id.workdir() : p.workdir());
        } else {
            launch.putNull("argv");
            launch.putNull("workdir");
        }
        launch.put("agent_session_id", id.agentSessionId());
        launch.put("first_run", id.firstRun());
        ObjectNode agentNode = AgentDefinitions.render(agent);
        launch.set("agent", agentNode);
        return launch;
    }

    private static String substitute(String arg, Identity id) {
        return arg.replace("{session_key}", id.sessionKey()).replace("{instance_id}", id.instanceId())
                .replace("{agent_session_id}", id.agentSessionId());
    }

    /** What every reader of the run sees of a stored launch: {@code {agent_session_id, first_run}} (null: none yet). */
    static JsonNode summary(String launchJson) {
        if (launchJson == null) return null;
        JsonNode full = Json.readStored(launchJson);
        ObjectNode summary = Json.object();
        summary.set("agent_session_id", full.path("agent_session_id"));
        summary.set("first_run", full.path("first_run"));
        return summary;
    }

    /** The argv a stored launch records, or null (none stored: a run of an earlier version). */
    static List<String> argv(String launchJson) {
        if (launchJson == null) return null;
        JsonNode argv = Json.readStored(launchJson).path("argv");
        if (!argv.isArray()) return null;
        var out = new ArrayList<String>();
        argv.forEach(a -> out.add(a.asText()));
        return out;
    }

    /** The working directory a stored launch records, or null. */
    static String workdir(String launchJson) {
        if (launchJson == null) return null;
        JsonNode w = Json.readStored(launchJson).path("workdir");
        return w.isTextual() ? w.asText() : null;
    }
}
