package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/sessions/{key}/heartbeat}. Agents heartbeat far more often than anything else changes a session,
 * so a heartbeat that only says "alive" is made cheap on the single writer: the session is read, authorized and
 * compared on a reader, its compact event is serialized there too, and the writer runs one conditional row update
 * (still at the version read, not ended) and one event insert. Anything else — other fields changed, a stale
 * session to revive, a concurrent change to the session — takes the full path inside one write.
 */
final class SessionHeartbeat {
    private static final Set<String> FIELDS = Set.of("status", "title", "model", "metadata");
    private static final Set<String> STATUSES = Set.of(Session.ACTIVE, Session.IDLE);
    /** The most beats one batch carries: ≈ 40 KB of body, one write of this many row updates and events. */
    static final int MAX_BEATS = 500;
    private static final Set<String> BEAT_FIELDS = Set.of("key", "status");
    private static final SessionChanges NO_CHANGES = new SessionChanges(false, null, false, null, null);

    private record Beat(String key, String status) {}

    private final SessionService sessions;
    private final Database db;
    private final SessionStore store;
    private final EventLog events;
    private final SwitchboardConfig.Limits limits;
    private final Clock clock;

    SessionHeartbeat(SessionService sessions, Database db, SessionStore store, EventLog events,
                     SwitchboardConfig.Limits limits, Clock clock) {
        this.sessions = sessions;
        this.db = db;
        this.store = store;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    Session beat(Caller caller, String key, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(FIELDS);
        String status = f.oneOf("status", STATUSES).orElse(Session.ACTIVE);
        SessionChanges changes = SessionChanges.read(f);
        f.check();
        Session read = db.read(tx -> sessions.requireReadable(tx, caller, key));
        if (!read.ended() && changes.apply(read, limits.maxMetadataBytes()).equals(read)) {
            Instant now = clock.instant();
            String event = Json.write(event(key, status, now));
            boolean beaten = db.write(tx -> {
                if (!store.heartbeatAt(tx, key, read.version(), now.toEpochMilli(), status)) return false;
                events.appendJson(tx, EventType.SESSION_HEARTBEAT, key, read.channel(), read.agent(), now.toEpochMilli(), event);
                return true;
            });
            if (beaten) return alive(read, now, status);
        }
        return db.write(tx -> full(tx, sessions.requireVisible(tx, caller, key), changes, status));
    }

    /**
     * {@code POST /v1/sessions/heartbeat}: liveness for many sessions in one request, for a gateway that keeps
     * hundreds of chats alive. Every session is read and authorized in one read; then one write (one commit for the
     * whole batch, acknowledged only after it, or nothing) runs a conditional row update per beat whose session is
     * still as read, and the single heartbeat's full path for the rare rest — a stale session to revive, one changed
     * in between, one ended on purpose. Beats only say "alive" ({@code key}, {@code status}): changing fields is the
     * single heartbeat's or PATCH's job, so a batch never half-applies a change.
     */
    List<BeatResult> beatAll(Caller caller, JsonNode body) {
        caller.require(Scope.SESSIONS_WRITE);
        List<Beat> beats = readBeats(body);
        if (beats.isEmpty()) return List.of();
        Map<String, Session> found = db.read(tx -> store.findAll(tx, beats.stream().map(Beat::key).toList()));
        // Authorized and serialized here, on the request's thread: the writer, which batched beats keep busy, only
        // runs the statements.
        Instant now = clock.instant();
        var read = new Session[beats.size()];
        var eventJson = new String[beats.size()];
        for (int i = 0; i < beats.size(); i++) {
            Session s = found.get(beats.get(i).key());
            if (s == null || !caller.canSee(s.key(), s.channel(), s.agent())) continue; // outside the grants looks missing
            read[i] = s;
            eventJson[i] = Json.write(event(s.key(), beats.get(i).status(), now));
        }
        return db.write(tx -> {
            var out = new ArrayList<BeatResult>(beats.size()); // inside the write: a retried transaction starts over
            for (int i = 0; i < beats.size(); i++) {
                Beat b = beats.get(i);
                Session s = read[i];
                if (s == null) {
                    out.add(BeatResult.without(b.key(), BeatResult.MISSING));
                } else if (!s.ended() && store.heartbeatAt(tx, s.key(), s.version(), now.toEpochMilli(), b.status())) {
                    events.appendJson(tx, EventType.SESSION_HEARTBEAT, s.key(), s.channel(), s.agent(), now.toEpochMilli(),
                            eventJson[i]);
                    out.add(BeatResult.of(alive(s, now, b.status()), BeatResult.ALIVE));
                } else {
                    out.add(fullBeat(tx, caller, b));
                }
            }
            return out;
        });
    }

    private static List<Beat> readBeats(JsonNode body) {
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("beats"));
        ArrayNode array = f.requiredArray("beats", "(an array of {key, status?})").orElse(null);
        f.check();
        if (array.size() > MAX_BEATS) {
            throw ProblemException.tooLarge("a batch carries at most " + MAX_BEATS + " beats; this one has " + array.size());
        }
        var beats = new ArrayList<Beat>(array.size());
        var keys = new HashSet<String>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                f.error("beats[" + i + "]", "must be an object {key, status?}");
                continue;
            }
            Fields b = f.element("beats", i, element);
            b.onlyAllow(BEAT_FIELDS);
            String key = b.requiredString("key", SessionKeys.MAX_KEY);
            String status = b.oneOf("status", STATUSES).orElse(Session.ACTIVE);
            if (key != null && !keys.add(key)) b.error("key", "appears more than once in this batch");
            beats.add(new Beat(key, status));
        }
        f.check();
        return beats;
    }

    /**
     * One beat of a batch on the single heartbeat's full path, in the batch's transaction. The two answers it turns
     * into outcomes (the session is gone, or was ended on purpose) are decided before it writes anything, so the
     * rest of the batch commits as if this beat had not been there.
     */
    private BeatResult fullBeat(Tx tx, Caller caller, Beat b) throws SQLException {
        try {
            Session found = sessions.requireVisible(tx, caller, b.key());
            return BeatResult.of(full(tx, found, NO_CHANGES, b.status()), found.ended() ? BeatResult.REVIVED : BeatResult.ALIVE);
        } catch (ProblemException e) {
            if (e.type() == ProblemType.SESSION_ENDED) return BeatResult.without(b.key(), BeatResult.ENDED);
            if (e.type() == ProblemType.NOT_FOUND) return BeatResult.without(b.key(), BeatResult.MISSING);
            throw e;
        }
    }

    /** The whole heartbeat inside one write: revives a stale session, applies field changes, or only beats. */
    private Session full(Tx tx, Session found, SessionChanges changes, String status) throws SQLException {
        String key = found.key();
        Session s = sessions.continueSession(tx, found, "heartbeat");
        Instant now = clock.instant();
        Session changed = changes.apply(s, limits.maxMetadataBytes());
        if (s == found && changed.equals(s)) {
            store.heartbeat(tx, key, now.toEpochMilli(), status);
            events.append(tx, EventType.SESSION_HEARTBEAT, key, s.channel(), s.agent(), now.toEpochMilli(),
                    event(key, status, now));
            return alive(s, now, status);
        }
        Session updated = changed.with(d -> {
            d.touched(now);
            d.lastSeenAt = now;
            d.status = status;
        });
        store.update(tx, updated);
        sessions.emit(tx, EventType.SESSION_UPDATED, updated);
        return updated;
    }

    /** The compact {@code session.heartbeat} event's data. */
    private static ObjectNode event(String key, String status, Instant now) {
        return Json.object().put("key", key).put("status", status).put("last_seen_at", Json.time(now));
    }

    private static Session alive(Session s, Instant now, String status) {
        return s.with(d -> {
            d.lastSeenAt = now;
            d.status = status;
        });
    }
}
