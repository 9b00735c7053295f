package dev.switchboard.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.SessionKeys;
import dev.switchboard.session.SessionPair;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Pair sessions: one persistent session per <em>ordered</em> pair of teams ({@code from → to} is not
 * {@code to → from}), key {@code pair:<from>:<to>}. Team names are {@code [A-Za-z0-9._-]}, so no part of the key
 * needs encoding. With {@code [teams]} configured both must be known teams (422 naming the unknown one) and the
 * session's agent is the <em>to</em> team's; without it any valid name goes and the agent is the one asked for (or
 * {@code main}).
 */
public final class Pairs {
    private static final Set<String> FIELDS = Set.of("from", "to", "agent");
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";
    static final String CHANNEL = "pair";

    /** An ordered pair of team names, checked. */
    public record Pair(String from, String to) {
        public String key() {
            return "pair:" + from + ":" + to;
        }
    }

    record Request(Pair pair, String agent) {}

    private final Map<String, SwitchboardConfig.Team> teams;
    private final SessionService sessions;

    public Pairs(Map<String, SwitchboardConfig.Team> teams, SessionService sessions) {
        this.teams = teams;
        this.sessions = sessions;
    }

    Request readRequest(JsonNode body) {
        Fields f = Fields.of(body);
        f.onlyAllow(FIELDS);
        Pair pair = pair(f, "");
        String agent = f.string("agent", 64).orElse(null);
        if (agent != null && !SessionKeys.validAgent(agent)) f.error("agent", "must match [A-Za-z0-9._-]{1,64}");
        f.check();
        return new Request(pair, agent);
    }

    /** {@code {from, to}} given as {@code field} (for a send's {@code to.pair}). */
    Pair read(JsonNode node, String field) {
        Fields f = Fields.of(node);
        f.onlyAllow(Set.of("from", "to"));
        Pair pair = pair(f, field + ".");
        f.check();
        return pair;
    }

    private Pair pair(Fields f, String prefix) {
        String from = name(f, "from", prefix);
        String to = name(f, "to", prefix);
        return from == null || to == null ? null : new Pair(from, to);
    }

    private String name(Fields f, String field, String prefix) {
        String v = f.string(field, 64).orElse(null);
        if (v == null) f.error(prefix + field, "is required: a team name");
        else if (!v.matches(NAME)) f.error(prefix + field, "must match " + NAME);
        else if (!teams.isEmpty() && !teams.containsKey(v)) {
            f.error(prefix + field, "no team named " + v + " (known: " + String.join(", ", teams.keySet()) + ")");
        } else return v;
        return null;
    }

    /** The pair's session in {@code tx}, created when missing. */
    SessionService.Created ensureInTx(Tx tx, Caller caller, Pair pair, String agent) throws SQLException {
        caller.require(Scope.SESSIONS_WRITE);
        var team = teams.get(pair.to());
        String effective = agent != null ? agent : team != null && team.agent() != null ? team.agent() : "main";
        if (pair.key().length() > SessionKeys.MAX_KEY) throw ProblemException.validation("to", "makes the key too long");
        return sessions.ensureInTx(tx, caller, pair.key(), effective, CHANNEL, null, new SessionPair(pair.from(), pair.to()));
    }

    /** The team a pair session runs for (its workdir), or null. */
    public SwitchboardConfig.Team teamOf(SessionPair pair) {
        return pair == null ? null : teams.get(pair.to());
    }
}
