package dev.switchboard;

import dev.switchboard.directive.DirectiveService;
import dev.switchboard.run.Agent;
import dev.switchboard.run.AgentRegistry;
import dev.switchboard.run.RunService;
import dev.switchboard.run.RunSupervisor;
import java.util.Map;

/** Agents, directives and runs: the services that execute agents on sessions. */
record RunFeatures(AgentRegistry agents, DirectiveService directives, RunSupervisor supervisor, RunService runs)
        implements AutoCloseable {

    /** @param configuredAgents the agents of the config file, validated before anything was opened */
    static RunFeatures wire(Core c, SessionFeatures s, Map<String, Agent> configuredAgents) {
        var db = c.db();
        var agents = new AgentRegistry(configuredAgents, db, c.stores().agents(), c.clock());
        var directives = new DirectiveService(db, c.stores().directives(), s.sessions(), c.events(), c.clock());
        var supervisor = new RunSupervisor(db, c.stores().runs(), s.sessions(), s.transcripts(), s.messageInput(),
                c.events(), directives, agents, s.tails(), c.clock(), c.config().dataDir(),
                c.config().limits().maxMessageChars(), c.metrics());
        var runs = new RunService(db, c.stores().runs(), s.sessions(), s.messageInput(), agents, supervisor,
                c.config().runs().defaultAgent(), c.config().dataDir(), c.clock());
        return new RunFeatures(agents, directives, supervisor, runs);
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
