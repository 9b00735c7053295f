package dev.switchboard;

import dev.switchboard.context.ContextAssembler;
import dev.switchboard.context.SessionBlock;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.run.Agent;
import dev.switchboard.run.AgentCall;
import dev.switchboard.run.AgentRegistry;
import dev.switchboard.run.RunOwnership;
import dev.switchboard.run.RunService;
import dev.switchboard.run.RunSupervisor;
import dev.switchboard.run.SessionAbort;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.session.Session;
import java.util.Map;

/**
 * Agents, directives, the context agents are handed, and runs: the services that execute agents on sessions (and,
 * through {@link AgentCall}, once for the gateway itself), with the lease that says which node runs each run.
 */
record RunFeatures(AgentRegistry agents, DirectiveService directives, ContextAssembler contexts, AgentCall agentCall,
                   RunOwnership ownership, RunSupervisor supervisor, RunService runs,
                   SessionAbort stops) implements AutoCloseable {

    /** @param configuredAgents the agents of the config file, validated before anything was opened */
    static RunFeatures wire(Core c, SessionFeatures s, Map<String, Agent> configuredAgents) {
        var db = c.db();
        var agents = new AgentRegistry(configuredAgents, db, c.stores().agents(), c.clock());
        var directives = new DirectiveService(db, c.stores().directives(), s.sessions(), c.events(), c.clock());
        var cfg = c.config().context();
        var contexts = new ContextAssembler(db, c.stores().contexts(), c.stores().checkpoints(), s.sessions(), directives,
                s.policies(), new SessionBlock(cfg.template(), cfg.redactIdsFor()), cfg.maxTokens(), cfg.maxMessages());
        var ownership = new RunOwnership(db, c.stores().runLeases(), c.node(), c.config().runs().lease(), c.clock());
        var supervisor = new RunSupervisor(db, c.stores().runs(), s.sessions(), s.transcripts(), s.messageInput(),
                c.events(), directives, agents, s.tails(), contexts, c.clock(), c.config().dataDir(),
                c.config().limits().maxMessageChars(), c.metrics(), ownership, c.bus(), c.stores().runLinks(), c.stores().agentSessions(),
                session -> teamWorkdir(c.config().teams(), session));
        var runs = new RunService(db, c.stores().runs(), c.stores().runLinks(), s.sessions(), s.messageInput(), agents, supervisor,
                c.config().runs().defaultAgent(), c.config().dataDir(), c.clock());
        var stops = new SessionAbort(db, c.stores().runs(), c.stores().runLinks(), s.sessions(), runs, supervisor);
        return new RunFeatures(agents, directives, contexts, new AgentCall(db, agents, c.clock()), ownership, supervisor,
                runs, stops);
    }

    /** A pair session's agent runs in its to team's project directory ({@code [teams.<name>] workdir}). */
    private static String teamWorkdir(Map<String, SwitchboardConfig.Team> teams, Session s) {
        var team = s.pair() == null ? null : teams.get(s.pair().to());
        return team == null || team.workdir() == null ? null : team.workdir().toString();
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
