package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Session lifecycle: get-or-create, read, list, merge-patch, heartbeat, end. Every change bumps
 * {@code version} and {@code updated_at} and appends a {@code session.*} event carrying the full
 * session, in the same transaction.
 */
public final class SessionService {
    public static final int MAX_TITLE = 512;
    public static final int MAX_MODEL = 256;
    private static final Set<String> CREATE_FIELDS =
            Set.of("key", "agent", "source", "title", "model", "parent_key", "metadata", "if_exists", "created_at",
                    "channel");
    /** How far a client's clock may run ahead of ours before a {@code created_at} counts as in the future. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Set<String> PATCH_FIELDS = Set.of("title", "model", "metadata", "protected");
    private final Set<String> protectedKeys;

    /** Result of get-or-create: {@code created} decides 201 versus 200. */
    public record Created(Session session, boolean created) {}

    private final Database db;
    private final SessionStore store;
    private final EventLog events;
    private final SessionKeys keys;
    private final SwitchboardConfig.Limits limits;
    private final Clock clock;
    private final SessionHeartbeat heartbeats;

    public SessionService(Database db, SessionStore store, EventLog events, SessionKeys keys,
                          SwitchboardConfig.Limits limits, Set<String> protectedKeys, Clock clock) {
        this.protectedKeys = Set.copyOf(protectedKeys);
        this.db = db;
        this.store = store;
        this.events = events;
        this.keys = keys;
        this.limits = limits;
        this.clock = clock;
        this.heartbeats = new SessionHeartbeat(this, db, store, events, limits, clock);
    }


    public Created create(Caller caller, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(CREATE_FIELDS);
        String explicitKey = f.string("key", SessionKeys.MAX_KEY).orElse(null);
        if (explicitKey != null && !SessionKeys.validExplicitKey(explicitKey)) {
            f.error("key", "must match [A-Za-z0-9:._@/-]{1,512}");
        }
        String agent = f.string("agent", 64).orElse(null);
        if (agent != null && !SessionKeys.validAgent(agent)) f.error("agent", "must match [A-Za-z0-9._-]{1,64}");
        SessionSource source = SessionKeys.readSource(f);
        // An explicit channel labels a session whose key and source don't say where it comes from (an import).
        String explicitChannel = f.string("channel", 64).orElse(null);
        if (explicitChannel != null && !SessionKeys.validPlatform(explicitChannel)) {
            f.error("channel", "must be lowercase letters, digits, '.', '_' or '-' (e.g. telegram)");
        } else if (explicitChannel != null && source != null && !explicitChannel.equals(source.platform())) {
            f.error("channel", "must equal source.platform when both are given");
        }
        String title = f.string("title", MAX_TITLE).orElse(null);
        String model = f.string("model", MAX_MODEL).orElse(null);
        String parentKey = f.string("parent_key", SessionKeys.MAX_KEY).orElse(null);
        ObjectNode metadata = f.object("metadata").orElse(Json.object());
        String ifExists = f.oneOf("if_exists", Set.of("return", "error", "revive")).orElse("return");
        // An import backdates the session to its source's start; a time ahead of the clock would sort it
        // before everything that really happens next, so it is refused.
        Instant createdAt = f.time("created_at").map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).orElse(null);
        if (createdAt != null && createdAt.isAfter(clock.instant().plus(CLOCK_SKEW))) f.error("created_at", "must not be in the future");
        f.check();
        SessionChanges.checkMetadataSize(metadata, limits.maxMetadataBytes());

        String effectiveAgent = agent != null ? agent
                : explicitKey != null && SessionKeys.agentOf(explicitKey) != null ? SessionKeys.agentOf(explicitKey)
                : "main";
        if (!SessionKeys.validAgent(effectiveAgent)) effectiveAgent = "main";
        String key;
        if (explicitKey != null) {
            key = explicitKey;
        } else if (source != null) {
            key = keys.derive(effectiveAgent, source); // 422 when the source can't be routed
        } else {
            key = "session:" + Ulid.next().toLowerCase(java.util.Locale.ROOT);
        }
        String channel = source != null ? source.platform()
                : explicitChannel != null ? explicitChannel : SessionKeys.platformOf(key);
        if (!caller.canSee(key, channel, effectiveAgent)) {
            throw ProblemException.forbidden("this token is not granted channel '" + channel + "' / agent '" + effectiveAgent + "'");
        }
        final String agentFinal = effectiveAgent;
        return db.write(tx -> {
            var existing = store.findForUpdate(tx, key);
            if (parentKey != null && existing.isEmpty() && findVisible(tx, caller, parentKey).isEmpty()) {
                throw ProblemException.validation("parent_key", "no session " + parentKey + " (it must exist and be visible)");
            }
            if (existing.isPresent()) {
                Session s = existing.get();
                if (!visible(caller, s)) {
                    throw ProblemException.forbidden("this token is not granted the channel or agent of this session");
                }
                return switch (ifExists) {
                    case "error" -> throw ProblemException.conflict("session " + key + " already exists");
                    case "revive" -> new Created(s.ended() ? revive(tx, s) : s, false);
                    default -> new Created(s, false);
                };
            }
            Instant now = clock.instant();
            var session = new Session(key, Ulid.next(now.toEpochMilli()), agentFinal, channel, source, title, model,
                    parentKey, null, Session.ACTIVE, metadata, Json.object(), 0, UsageTotals.ZERO,
                    createdAt != null ? createdAt : now, now, now, null, null, 1, null, null, null, protectedKeys.contains(key), 0,
                    null);
            store.insert(tx, session);
            emit(tx, EventType.SESSION_CREATED, session);
            return new Created(session, true);
        });
    }

    /**
     * Get-or-create, in the caller's transaction, of a session the server makes for another feature: a subagent
     * ({@code parentKey}) or a pair session ({@code pair}). An existing one is returned as it is (404 outside the
     * caller's grants); a new one emits {@code session.created}.
     */
    public Created ensureInTx(Tx tx, Caller caller, String key, String agent, String channel, String parentKey,
                              SessionPair pair) throws SQLException {
        caller.require(Scope.SESSIONS_WRITE);
        var existing = store.findForUpdate(tx, key);
        if (existing.isPresent()) return new Created(visibleOrThrow(caller, existing.get(), key), false);
        if (!caller.canSee(key, channel, agent)) {
            throw ProblemException.forbidden("this token is not granted channel '" + channel + "' / agent '" + agent + "'");
        }
        Instant now = clock.instant();
        var session = new Session(key, Ulid.next(now.toEpochMilli()), agent, channel, null, null, null, parentKey, pair,
                Session.ACTIVE, Json.object(), Json.object(), 0, UsageTotals.ZERO, now, now, now, null, null, 1, null, null,
                null, protectedKeys.contains(key), 0, null);
        store.insert(tx, session);
        emit(tx, EventType.SESSION_CREATED, session);
        return new Created(session, true);
    }

    private Session revive(Tx tx, Session s) throws SQLException {
        Session revived = reopen(tx, s);
        emit(tx, EventType.SESSION_UPDATED, revived);
        return revived;
    }

    private Session reopen(Tx tx, Session s) throws SQLException {
        Instant now = clock.instant();
        Session revived = s.with(d -> {
            d.touched(now);
            d.status = Session.ACTIVE;
            d.lastSeenAt = now;
            d.endedAt = null;
            d.endReason = null;
        });
        store.update(tx, revived);
        store.reopenInstance(tx, s.id());
        return revived;
    }

    /**
     * The session a write continues ({@code by}: an append, a heartbeat or a run), inside the write's transaction.
     * A session the sweeper ended for silence ({@code end_reason: "stale"}) comes back, so a chat that went quiet
     * for half an hour just goes on; the {@code session.updated} event says so ({@code revived: {from, by}}). A
     * session ended on purpose ({@code POST …/end}, any other reason) stays ended: 409 {@code session-ended}.
     */
    public Session continueSession(Tx tx, Session s, String by) throws SQLException {
        if (!s.ended()) return s;
        if (!Sweeper.STALE.equals(s.endReason())) throw sessionEnded(s.key());
        Session revived = reopen(tx, s);
        ObjectNode data = (ObjectNode) Json.tree(revived);
        data.putObject("revived").put("from", Sweeper.STALE).put("by", by);
        events.append(tx, EventType.SESSION_UPDATED, revived.key(), revived.channel(), revived.agent(),
                revived.updatedAt().toEpochMilli(), data);
        return revived;
    }

    public Session get(Caller caller, String key) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> visibleOrThrow(caller, store.find(tx, key).orElse(null), key));
    }

    public Page<Session> list(Caller caller, SessionQuery query) {
        caller.require(Scope.SESSIONS_READ);
        return db.read(tx -> store.list(tx, query, caller));
    }

    /** JSON merge patch (RFC 7386) of {@code title}, {@code model}, {@code metadata} and (admin) {@code protected}. */
    public Session patch(Caller caller, String key, JsonNode body, Long ifMatch) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(PATCH_FIELDS);
        SessionChanges changes = SessionChanges.read(f);
        Boolean protect = f.bool("protected").orElse(null);
        f.check();
        if (protect != null) caller.require(Scope.ADMIN);
        if (Boolean.FALSE.equals(protect) && protectedKeys.contains(key)) {
            throw ProblemException.conflict("session " + key + " is protected by the configuration ([sessions] protected)");
        }
        return db.write(tx -> {
            Session s = requireVisible(tx, caller, key);
            checkVersion(s, ifMatch);
            Session patched = changes.apply(s, limits.maxMetadataBytes()).with(d -> {
                if (protect != null) d.protectedKey = protect;
            });
            if (patched.equals(s)) return s; // nothing changed: no version bump, no event
            Instant now = clock.instant();
            Session updated = patched.with(d -> d.touched(now));
            store.update(tx, updated);
            emit(tx, EventType.SESSION_UPDATED, updated);
            return updated;
        });
    }

    /** Marks the session alive; absent fields keep their values. See {@link SessionHeartbeat}. */
    public Session heartbeat(Caller caller, String key, JsonNode body) {
        return heartbeats.beat(caller, key, body);
    }

    /** Liveness for up to 500 sessions in one request and one write. See {@link SessionHeartbeat#beatAll}. */
    public List<BeatResult> heartbeats(Caller caller, JsonNode body) {
        return heartbeats.beatAll(caller, body);
    }

    /** Ends the session (idempotent: ending an ended session returns it unchanged). */
    public Session end(Caller caller, String key, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("reason"));
        String reason = f.string("reason", 128).orElse("client");
        f.check();
        return db.write(tx -> {
            Session s = requireVisible(tx, caller, key);
            if (s.ended()) return s;
            return endInTx(tx, s, reason);
        });
    }

    /** Ends {@code s} inside the caller's transaction; for the sweeper and reset policies too. */
    public Session endInTx(Tx tx, Session s, String reason) throws SQLException {
        Instant now = clock.instant();
        Session ended = s.with(d -> {
            d.touched(now);
            d.status = Session.ENDED;
            d.endedAt = now;
            d.endReason = reason;
        });
        store.update(tx, ended);
        store.endInstance(tx, s.id(), now.toEpochMilli(), reason);
        emit(tx, EventType.SESSION_ENDED, ended);
        return ended;
    }

    /** The session for a write inside {@code tx}, or 404 when missing or outside the caller's grants. */
    public Session requireVisible(Tx tx, Caller caller, String key) throws SQLException {
        return visibleOrThrow(caller, store.findForUpdate(tx, key).orElse(null), key);
    }

    /**
     * The session for a write inside {@code tx} when it exists and is inside the caller's grants, for features that
     * answer for something else (a directive) and must not reveal whether the session exists.
     */
    public Optional<Session> findVisible(Tx tx, Caller caller, String key) throws SQLException {
        return store.findForUpdate(tx, key).filter(s -> caller.canSee(s.key(), s.channel(), s.agent()));
    }

    /** The session for a read inside {@code tx}, or 404 when missing or outside the caller's grants. */
    public Session requireReadable(Tx tx, Caller caller, String key) throws SQLException {
        return visibleOrThrow(caller, store.find(tx, key).orElse(null), key);
    }

    /** Records activity on a session (an append) inside {@code tx}; see {@link SessionStore#touch}. */
    public void touch(Tx tx, String key, Instant at, String lastMessage) throws SQLException {
        store.touch(tx, key, at.toEpochMilli(), lastMessage);
    }

    /** Recomputes and returns {@code last_message} of instance {@code instanceId} (after undo, rollback, reset, switch). */
    public String refreshLastMessage(Tx tx, String key, String instanceId) throws SQLException {
        return store.refreshLastMessage(tx, key, instanceId);
    }

    /** Writes {@code agent_session_ids} of instance {@code instanceId} (made current by a reset or switch); returns it. */
    public String refreshAgentSessionIds(Tx tx, String key, String instanceId) throws SQLException {
        return store.refreshAgentSessionIds(tx, key, instanceId);
    }

    /**
     * 404 unless a session with this key, channel and agent is inside the caller's grants, for features
     * that read a narrower view of the session than {@link Session}; same rule and same answer as
     * {@link #requireVisible}.
     */
    public static void requireVisible(Caller caller, String key, String channel, String agent) {
        if (!caller.canSee(key, channel, agent)) throw ProblemException.notFound("session " + key);
    }

    /** Persists a session changed by another feature (transcript counters, runs) inside its transaction. */
    public void save(Tx tx, Session session) throws SQLException {
        store.update(tx, session);
    }

    public void emit(Tx tx, EventType type, Session session) throws SQLException {
        events.append(tx, type, session.key(), session.channel(), session.agent(), session.updatedAt().toEpochMilli(), session);
    }

    public static ProblemException sessionEnded(String key) {
        return new ProblemException(ProblemType.SESSION_ENDED,
                "session " + key + " has ended; create it again with if_exists=revive or reset it");
    }

    private static boolean visible(Caller caller, Session s) {
        return caller.canSee(s.key(), s.channel(), s.agent());
    }

    private static Session visibleOrThrow(Caller caller, Session s, String key) {
        // Missing and not-granted look the same: a token must not learn that a session exists.
        if (s == null || !visible(caller, s)) throw ProblemException.notFound("session " + key);
        return s;
    }

    private static void checkVersion(Session s, Long ifMatch) {
        if (ifMatch != null && ifMatch != s.version()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "session " + s.key() + " is at version " + s.version() + ", not " + ifMatch);
        }
    }

    /**
     * 409 when {@code key} is protected — by its flag or by {@code [sessions] protected} — so it can't be deleted or
     * purged, by a client or by retention.
     */
    public void requireUnprotected(String key, Session live) {
        if (protectedKeys.contains(key) || (live != null && live.protectedKey())) {
            throw ProblemException.conflict("session " + key + " is protected: PATCH {\"protected\": false} (admin) before deleting it");
        }
    }

    /** Whether retention must leave {@code s} alone. */
    public boolean isProtected(Session s) {
        return s.protectedKey() || protectedKeys.contains(s.key());
    }

    /** Version check for callers outside this class (DELETE honours If-Match too). */
    public static void requireVersion(Session s, Long ifMatch) {
        checkVersion(s, ifMatch);
    }
}
