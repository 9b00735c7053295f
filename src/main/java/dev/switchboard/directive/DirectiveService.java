package dev.switchboard.directive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Directives: instructions queued for a session's agent (API.md "Runs, agents, directives"). Created
 * for one session or for a target (channel and/or agent); delivered at most once per session, with
 * the next run's input ({@link #deliverWithInput}) or live to a running process agent; acknowledged by
 * a client or by the agent itself. Expired directives are never delivered.
 */
public final class DirectiveService {
    public static final int MAX_CONTENT = 100_000;
    private static final Set<String> CREATE_FIELDS =
            Set.of("session_key", "target", "content", "priority", "tags", "mission_id", "expires_at", "source");
    /** Via values recorded with a delivery. */
    public static final String VIA_INPUT = "input";
    public static final String VIA_STDIN = "stdin";

    private final Database db;
    private final DirectiveStore store;
    private final SessionService sessions;
    private final EventLog events;
    private final Clock clock;

    public DirectiveService(Database db, DirectiveStore store, SessionService sessions, EventLog events, Clock clock) {
        this.db = db;
        this.store = store;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }


    public Directive create(Caller caller, JsonNode body) {
        caller.require(Scope.DIRECTIVES_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(CREATE_FIELDS);
        String key = f.string("session_key", 512).orElse(null);
        Directive.Target target = f.nested("target").map(t -> {
            t.onlyAllow(Set.of("channel", "agent"));
            String channel = t.string("channel", 64).orElse(null);
            String agent = t.string("agent", 64).orElse(null);
            if (channel == null && agent == null) f.error("target", "must name a channel, an agent or both");
            return new Directive.Target(channel, agent);
        }).orElse(null);
        if ((key == null) == (target == null)) f.error("session_key", "give exactly one of session_key and target");
        String content = f.requiredString("content", MAX_CONTENT);
        Priority priority = f.oneOf("priority", Priority.WIRE).map(Priority::fromWire).orElse(Priority.NORMAL);
        List<String> tags = f.strings("tags", 64).orElse(null);
        if (tags == null || tags.isEmpty()) f.error("tags", "is required: at least one tag");
        else if (tags.size() > 32) f.error("tags", "at most 32 tags");
        String missionId = f.string("mission_id", 128).orElse(null);
        String source = f.nested("source").map(DirectiveService::attribution).orElse(null);
        Instant expiresAt = f.time("expires_at").map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) f.error("expires_at", "must be in the future");
        f.check();
        if (target != null && !canSeeTarget(caller, target)) {
            throw ProblemException.forbidden("this token is not granted the channel or agent this directive targets");
        }
        return db.write(tx -> {
            String channel;
            String agent;
            if (key != null) {
                Session s = sessions.requireVisible(tx, caller, key);
                channel = s.channel();
                agent = s.agent();
            } else {
                channel = target.channel();
                agent = target.agent();
            }
            var d = new Directive(Ulid.next(now.toEpochMilli()), key, target, content, priority, tags, missionId,
                    expiresAt, now, Directive.PENDING, null, null, null, null, source);
            store.insert(tx, d, caller.tokenId());
            events.append(tx, EventType.DIRECTIVE_CREATED, key, channel, agent, now.toEpochMilli(), d);
            return d;
        });
    }

    /** {@code GET /v1/sessions/{key}/directives}: oldest first; {@code pendingOnly} = not yet delivered to it. */
    public Page<Directive> list(Caller caller, String key, boolean pendingOnly, int limit, String cursor) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> {
            Session s = sessions.requireReadable(tx, caller, key);
            return store.forSession(tx, key, s.channel(), s.agent(), pendingOnly, clock.instant(), limit, cursor);
        });
    }

    /** Acknowledges a directive; acking an acked one returns it unchanged (the first result stays). */
    public Directive ack(Caller caller, String id, JsonNode body) {
        caller.require(Scope.DIRECTIVES_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("result"));
        JsonNode result = f.node().get("result");
        f.check();
        return db.write(tx -> {
            // Missing and outside the caller's grants are one answer: neither the directive nor its session is revealed.
            Directive d = store.find(tx, id, clock.instant()).orElse(null);
            boolean visible = d != null && (d.sessionKey() != null
                    ? sessions.findVisible(tx, caller, d.sessionKey()).isPresent()
                    : canSeeTarget(caller, d.target()));
            if (!visible) throw ProblemException.notFound("directive " + id);
            return ackInTx(tx, d, result);
        });
    }

    /**
     * An agent acknowledged a directive from its output (process agents' {@code {"type":"directive_ack"}} lines).
     * Ignored unless the directive is addressed to the run's session.
     */
    public void ackFromAgent(Tx tx, Session session, String id, JsonNode result) throws SQLException {
        var found = store.find(tx, id, clock.instant());
        if (found.isEmpty()) return;
        Directive d = found.get();
        boolean addressed = session.key().equals(d.sessionKey())
                || (d.sessionKey() == null && d.target().matches(session.channel(), session.agent()));
        if (addressed) ackInTx(tx, d, result);
    }

    private Directive ackInTx(Tx tx, Directive d, JsonNode result) throws SQLException {
        if (d.ackedAt() != null) return d;
        Instant now = clock.instant();
        String resultJson = result == null || result.isNull() ? null : Json.write(result);
        store.ack(tx, d.id(), now, resultJson);
        var acked = new Directive(d.id(), d.sessionKey(), d.target(), d.content(), d.priority(), d.tags(), d.missionId(),
                d.expiresAt(), d.createdAt(), Directive.ACKED, d.deliveredAt(), d.runId(), now, resultJson, d.source());
        String channel = d.target() != null ? d.target().channel() : null;
        String agent = d.target() != null ? d.target().agent() : null;
        if (d.sessionKey() != null) {
            var s = sessions.requireReadable(tx, SystemCaller.INSTANCE, d.sessionKey());
            channel = s.channel();
            agent = s.agent();
        }
        events.append(tx, EventType.DIRECTIVE_ACKED, d.sessionKey(), channel, agent, now.toEpochMilli(), acked);
        return acked;
    }

    /** The session's pending directives, most urgent first, without delivering them (what its next run would get). */
    public List<Directive> pending(Tx tx, Session session) throws SQLException {
        return store.pending(tx, session.key(), session.channel(), session.agent(), clock.instant());
    }

    /**
     * Takes the session's pending directives for a run that is starting, most urgent first, and records
     * their delivery in the caller's transaction (so a directive is delivered with exactly one run).
     */
    public List<Directive> deliverWithInput(Tx tx, Session session, String runId) throws SQLException {
        Instant now = clock.instant();
        var delivered = new ArrayList<Directive>();
        for (Directive d : store.pending(tx, session.key(), session.channel(), session.agent(), now)) {
            if (store.recordDelivery(tx, d.id(), session.key(), runId, VIA_INPUT, now)) {
                delivered.add(withDelivery(d, now, runId));
            }
        }
        return List.copyOf(delivered);
    }

    /**
     * Records that {@code d} was written to a running agent's stdin; false when it was already delivered
     * to that session, or has been acked or has expired meanwhile (then it must not be sent).
     */
    public boolean recordLiveDelivery(Tx tx, Directive d, String key, String runId) throws SQLException {
        Instant now = clock.instant();
        var current = store.find(tx, d.id(), now);
        if (current.isEmpty() || current.get().ackedAt() != null || current.get().expired(now)) return false;
        return store.recordDelivery(tx, d.id(), key, runId, VIA_STDIN, now);
    }

    private static Directive withDelivery(Directive d, Instant at, String runId) {
        return new Directive(d.id(), d.sessionKey(), d.target(), d.content(), d.priority(), d.tags(), d.missionId(),
                d.expiresAt(), d.createdAt(), Directive.DELIVERED, at, runId, d.ackedAt(), d.result(), d.source());
    }

    /** {@code source}: who posted the directive, as the client says (stored as given, not verified). */
    private static String attribution(Fields s) {
        s.onlyAllow(Set.of("agent", "session_key", "user"));
        var out = Json.object();
        s.string("agent", 64).ifPresent(v -> out.put("agent", v));
        s.string("session_key", 512).ifPresent(v -> out.put("session_key", v));
        s.string("user", 256).ifPresent(v -> out.put("user", v));
        return out.isEmpty() ? null : Json.write(out);
    }

    private static boolean canSeeTarget(Caller caller, Directive.Target target) {
        if (caller.sessionKey() != null) return false;
        if (caller.channels() != null && (target.channel() == null || !caller.channels().contains(target.channel()))) return false;
        return caller.agents() == null || (target.agent() != null && caller.agents().contains(target.agent()));
    }
}
