package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Instances of a session over time: {@code resolve} (get-or-create through routing and reset
 * policies), manual {@code reset}, {@code switch} back to an earlier instance, and listing instances.
 *
 * <p>A reset never deletes anything: the previous instance is ended (its {@code end_reason} says why)
 * and stays readable through {@code GET .../messages?instance=}; the session row points at a new, empty
 * instance. Nothing resets while a run of the session is queued or running, because the run is writing
 * into the current instance.
 */
public final class SessionLifecycle {
    private static final Set<String> RESOLVE_FIELDS = Set.of("source", "agent");
    public static final String MANUAL = "manual";
    public static final String SWITCHED = "switched";

    private final Database db;
    private final SessionStore sessionStore;
    private final LifecycleStore store;
    private final SessionService sessions;
    private final SessionKeys keys;
    private final ResetPolicies policies;
    private final EventLog events;
    private final Clock clock;

    public SessionLifecycle(Database db, SessionStore sessionStore, LifecycleStore store, SessionService sessions,
                            SessionKeys keys, ResetPolicies policies, EventLog events, Clock clock) {
        this.db = db;
        this.sessionStore = sessionStore;
        this.store = store;
        this.sessions = sessions;
        this.keys = keys;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
    }


    /**
     * Get-or-create for chat platforms: the key comes from {@code source} by the routing rules, and the
     * reset policy for the source's platform and chat type decides from persisted timestamps
     * ({@code last_seen_at}) whether the conversation continues or starts a new instance. An ended
     * session whose policy does not call for a reset is revived as it was. Resolving does not itself
     * count as activity: messages, heartbeats and runs do.
     */
    public Resolution resolve(Caller caller, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(RESOLVE_FIELDS);
        String agent = f.string("agent", 64).orElse("main");
        if (!SessionKeys.validAgent(agent)) f.error("agent", "must match [A-Za-z0-9._-]{1,64}");
        SessionSource source = f.required("source", null) ? SessionKeys.readSource(f) : null;
        f.check();
        String key = keys.derive(agent, source);
        if (!caller.canSee(key, source.platform(), agent)) {
            throw ProblemException.forbidden("this token is not granted channel '" + source.platform() + "' / agent '" + agent + "'");
        }
        ResetPolicy policy = policies.forSource(source);
        return db.write(tx -> {
            Session s = sessionStore.findForUpdate(tx, key).orElse(null);
            if (s == null) return new Resolution(sessions.create(caller, body).session(), true, Resolution.Reset.NONE);
            if (!caller.canSee(s.key(), s.channel(), s.agent())) {
                throw ProblemException.forbidden("this token is not granted the channel or agent of this session");
            }
            Instant now = clock.instant();
            String reason = store.runActive(tx, key) ? null : policy.due(s.lastSeenAt(), now);
            if (reason != null) {
                return new Resolution(resetInTx(tx, s, reason, now), false, new Resolution.Reset(reason, s.id()));
            }
            if (s.ended()) {
                ObjectNode revive = ((ObjectNode) body).deepCopy();
                revive.put("if_exists", "revive");
                s = sessions.create(caller, revive).session();
            }
            return new Resolution(s, false, Resolution.Reset.NONE);
        });
    }

    /** {@code POST /v1/sessions/{key}/reset}: a new, empty instance now; 409 {@code run-active} during a run. */
    public Session reset(Caller caller, String key, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("reason"));
        String reason = f.string("reason", 128).orElse(MANUAL);
        f.check();
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            requireNoActiveRun(tx, s);
            return resetInTx(tx, s, reason, clock.instant());
        });
    }

    /**
     * Starts a new instance of {@code s} inside the caller's transaction: the old instance is ended with
     * {@code reason} (unless it already ended, e.g. as stale), and the session is active again.
     */
    Session resetInTx(Tx tx, Session s, String reason, Instant now) throws SQLException {
        String previousId = s.id();
        String newId = Ulid.next(now.toEpochMilli());
        store.insertInstance(tx, newId, s.key(), now.toEpochMilli());
        if (!s.ended()) sessionStore.endInstance(tx, previousId, now.toEpochMilli(), reason);
        Session reset = s.with(d -> {
            d.touched(now);
            d.id = newId;
            d.status = Session.ACTIVE;
            d.lastSeenAt = now; // the new instance's clock starts now
            d.endedAt = null;
            d.endReason = null;
            d.messageCount = 0;
            d.usage = UsageTotals.ZERO;
            d.lastMessage = null;
            d.agentSessionIds = null;
        });
        sessions.save(tx, reset);
        sessions.refreshLastMessage(tx, reset.key(), newId); // the new instance has none
        sessions.refreshAgentSessionIds(tx, reset.key(), newId); // nor agent sessions: its agents start afresh
        ObjectNode data = (ObjectNode) Json.tree(reset);
        data.put("previous_id", previousId);
        data.put("reset_reason", reason);
        events.append(tx, EventType.SESSION_RESET, reset.key(), reset.channel(), reset.agent(), now.toEpochMilli(), data);
        return reset;
    }

    /**
     * {@code POST /v1/sessions/{key}/switch}: makes an earlier instance current again (it is reopened;
     * the one it replaces is ended with reason {@code switched}). Switching to the current instance
     * changes nothing, except that an ended session becomes active again.
     */
    public Session switchTo(Caller caller, String key, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("id"));
        String id = f.requiredString("id", 64);
        f.check();
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            Instance target = store.findInstance(tx, key, id, s.id())
                    .orElseThrow(() -> ProblemException.notFound("instance " + id + " of session " + key));
            if (target.current() && !s.ended()) return s;
            requireNoActiveRun(tx, s);
            Instant now = clock.instant();
            if (!target.current() && !s.ended()) sessionStore.endInstance(tx, s.id(), now.toEpochMilli(), SWITCHED);
            sessionStore.reopenInstance(tx, target.id());
            String last = sessions.refreshLastMessage(tx, key, target.id());
            String agentSessionIds = sessions.refreshAgentSessionIds(tx, key, target.id());
            Session switched = s.with(d -> {
                d.touched(now);
                d.id = target.id();
                d.status = Session.ACTIVE;
                d.lastSeenAt = now;
                d.endedAt = null;
                d.endReason = null;
                d.messageCount = target.messageCount();
                d.usage = target.usage();
                d.lastMessage = last;
                d.agentSessionIds = agentSessionIds;
            });
            sessions.save(tx, switched);
            sessions.emit(tx, EventType.SESSION_UPDATED, switched);
            return switched;
        });
    }

    /** {@code GET /v1/sessions/{key}/instances}: newest first. */
    public Page<Instance> instances(Caller caller, String key, int limit, String cursor) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> {
            Session s = sessions.requireReadable(tx, caller, key);
            Long afterAt = null;
            String afterId = null;
            if (cursor != null) {
                Cursor pos = Cursor.decode(cursor, "instances");
                afterAt = pos.position();
                afterId = pos.id();
            }
            return Page.trim(store.listInstances(tx, key, s.id(), true, afterAt, afterId, limit + 1), limit, last -> {
                return new Cursor(last.createdAt().toEpochMilli(), last.id()).encode("instances");
            });
        });
    }

    /** What an instance lookup answers: the session key, the instance, and the session. */
    public record InstanceLookup(String key, Instance instance, Session session) {}

    /**
     * {@code GET /v1/instances/{id}}: the session an instance id belongs to (logs and tools often hold only the id an
     * agent printed). Outside the caller's grants it is 404, as the session would be.
     */
    public InstanceLookup instance(Caller caller, String instanceId) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> {
            String key = store.keyOfInstance(tx, instanceId).orElseThrow(() -> ProblemException.notFound("instance " + instanceId));
            Session s = sessions.requireReadable(tx, caller, key);
            Instance instance = store.findInstance(tx, key, instanceId, s.id())
                    .orElseThrow(() -> ProblemException.notFound("instance " + instanceId));
            return new InstanceLookup(key, instance, s);
        });
    }

    /** Every instance of {@code key}, oldest first (for exports); the caller has checked visibility. */
    public List<Instance> allInstances(Tx tx, Session s) throws SQLException {
        return store.listInstances(tx, s.key(), s.id(), false, null, null, Integer.MAX_VALUE);
    }

    /** 409 {@code run-active} while a run of the session is queued or running. */
    public void requireNoActiveRun(Tx tx, Session s) throws SQLException {
        if (store.runActive(tx, s.key())) {
            throw new ProblemException(ProblemType.RUN_ACTIVE,
                    "session " + s.key() + " has a queued or running run; wait for it or abort it first");
        }
    }
}
