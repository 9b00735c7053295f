package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.ConfigException;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where agent definitions come from, in precedence order: the config file's {@code [agents.<id>]} tables
 * (the operator's on-disk source of truth: the API can't override them), then definitions made with
 * {@code PUT /v1/agents/{id}}, then the built-in {@code echo} agent (which the config file or the API may
 * redefine, e.g. to add a delay).
 */
public final class AgentRegistry {
    public static final String ECHO = "echo";
    private static final Agent BUILTIN_ECHO = new Agent(ECHO, Agent.BUILTIN, new AgentSpec.Echo(0, 64, Duration.ofHours(1)));

    private final Map<String, Agent> configured;
    private final Database db;
    private final AgentStore store;
    private final Clock clock;

    /** @param configured the config file's agents, from {@link #fromConfig} */
    public AgentRegistry(Map<String, Agent> configured, Database db, AgentStore store, Clock clock) {
        this.configured = Map.copyOf(configured);
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Validates the config file's {@code [agents.<id>]} tables (before anything is opened, so a bad file
     * fails fast).
     *
     * @throws ConfigException naming every bad {@code agents.<id>.<field>}
     */
    public static Map<String, Agent> fromConfig(Map<String, JsonNode> configAgents) {
        var agents = new LinkedHashMap<String, Agent>();
        configAgents.forEach((id, node) -> {
            if (!AgentDefinitions.ID.matcher(id).matches()) {
                throw new ConfigException("agents." + id + ": agent ids must match [A-Za-z0-9._-]{1,64}");
            }
            try {
                agents.put(id, new Agent(id, Agent.CONFIG, requireWorkdir(AgentDefinitions.parse(node))));
            } catch (ProblemException e) {
                String detail = e.errors().isEmpty() ? "agents." + id + ": " + e.detail()
                        : String.join("; ", e.errors().stream().map(fe -> "agents." + id + "." + fe.field() + " " + fe.message()).toList());
                throw new ConfigException(detail);
            }
        });
        return agents;
    }

    /**
     * A process agent's working directory must exist when the agent is defined (422, or a start-up error for the
     * config file), not only show up as "Cannot run program" at its first run. Not checked when a stored
     * definition is read back: a directory that vanished since fails that run, saying so ({@link ProcessAdapter}).
     */
    static AgentSpec requireWorkdir(AgentSpec spec) {
        if (spec instanceof AgentSpec.Process p) {
            for (int i = 0; i < p.workdirRoots().size(); i++) Workdirs.directory("workdir_root[" + i + "]", p.workdirRoots().get(i));
            if (p.workdir() != null) {
                // With roots, the agent's own workdir obeys the rule its runs do (real path inside a root).
                if (p.workdirRoots().isEmpty()) Workdirs.directory("workdir", p.workdir());
                else Workdirs.inside("workdir", p.workdir(), p.workdirRoots());
            }
        }
        return spec;
    }

    /** The agent named {@code id}, by precedence. */
    public Optional<Agent> find(Tx tx, String id) throws SQLException {
        Agent a = configured.get(id);
        if (a != null) return Optional.of(a);
        Optional<JsonNode> stored = store.find(tx, id);
        if (stored.isPresent()) return Optional.of(new Agent(id, Agent.API, AgentDefinitions.parse(stored.get())));
        return ECHO.equals(id) ? Optional.of(BUILTIN_ECHO) : Optional.empty();
    }

    public List<Agent> list(Caller caller) {
        caller.require(Scope.ADMIN);
        return db.read(tx -> {
            var all = new TreeMap<String, Agent>();
            all.put(ECHO, BUILTIN_ECHO);
            store.all(tx).forEach((id, def) -> all.put(id, new Agent(id, Agent.API, AgentDefinitions.parse(def))));
            all.putAll(configured);
            return new ArrayList<>(all.values());
        });
    }

    /** Result of a PUT: {@code created} decides 201 versus 200. */
    public record Put(Agent agent, boolean created) {}

    public Put put(Caller caller, String id, JsonNode body) {
        caller.require(Scope.ADMIN);
        if (!AgentDefinitions.ID.matcher(id).matches()) {
            throw ProblemException.validation("id", "must match [A-Za-z0-9._-]{1,64}");
        }
        if (configured.containsKey(id)) {
            throw ProblemException.conflict("agent " + id + " is defined in the config file, which takes precedence; "
                    + "change it there");
        }
        AgentSpec spec = requireWorkdir(AgentDefinitions.parse(body));
        String definition = Json.write(AgentDefinitions.definition(spec));
        boolean created = db.write(tx -> store.put(tx, id, definition, clock.millis()));
        return new Put(new Agent(id, Agent.API, spec), created);
    }
}
