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
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
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
        String status = f.oneOf("status", Set.of(Session.ACTIVE, Session.IDLE)).orElse(Session.ACTIVE);
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
        return db.write(tx -> full(tx, caller, key, changes, status));
    }

    /** The whole heartbeat inside one write: revives a stale session, applies field changes, or only beats. */
    private Session full(Tx tx, Caller caller, String key, SessionChanges changes, String status) throws SQLException {
        Session found = sessions.requireVisible(tx, caller, key);
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
