package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.json.Json;
import dev.switchboard.store.ClusterBus;
import dev.switchboard.store.Database;
import java.time.Clock;

/**
 * The reset policies in force: built-in defaults, then the config file's {@code [policies]}, then the
 * overrides an admin stored with {@code PUT /v1/policies} (kept in the database, so they survive a
 * restart; the config file stays the baseline and can still be changed underneath them).
 *
 * <p>The effective document is cached in memory and replaced after each committed PUT; every other node sharing the
 * store reloads it when the PUT's message arrives on the cluster bus (right after the commit), and after any
 * reconnect to the bus, in case it missed one.
 */
public final class ResetPolicies {
    private final Database db;
    private final PolicyStore store;
    private final PolicyDocument config;
    private final Clock clock;
    private final ClusterBus bus;
    private volatile PolicyDocument overrides;
    private volatile PolicyDocument effective;

    /** The bus topic of replaced overrides (no payload: receivers read the store). */
    static final String CHANGED_TOPIC = "policies_changed";

    public ResetPolicies(Database db, PolicyStore store, PolicyDocument config, ClusterBus bus, Clock clock) {
        this.db = db;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.bus = bus;
        reload();
        bus.subscribe(CHANGED_TOPIC, ignored -> reload());
        bus.onResync(this::reload);
    }

    /** Reads the stored overrides (validated when they were PUT; re-parsing them is a consistency check). */
    private synchronized void reload() {
        set(db.read(store::load).map(Json::readStored).map(PolicyDocument::parse).orElse(PolicyDocument.EMPTY));
    }

    private void set(PolicyDocument newOverrides) {
        overrides = newOverrides;
        effective = PolicyDocument.BUILT_IN.overlay(config).overlay(newOverrides);
    }

    /** The policy for a conversation from {@code source}. */
    public ResetPolicy forSource(SessionSource source) {
        return effective.resolve(source.platform(), source.chatType());
    }

    /**
     * {@code GET /v1/policies}: the effective document, the config file's part and the stored overrides;
     * with a platform and chat type, also the single policy that applies there.
     */
    public ObjectNode view(Caller caller, String platform, String chatType) {
        caller.require(Scope.ADMIN);
        ObjectNode o = Json.object();
        o.set("effective", effective.toJson());
        o.set("config", config.toJson());
        o.set("overrides", overrides.toJson());
        if (platform != null && chatType != null) {
            ResetPolicy p = effective.resolve(platform, chatType);
            ObjectNode r = o.putObject("resolved");
            r.put("platform", platform);
            r.put("chat_type", chatType);
            r.put("mode", p.mode().wire());
            r.put("idle_minutes", p.idleMinutes());
            r.put("at_hour", p.atHour());
            r.put("time_zone", p.timeZone().getId());
        }
        return o;
    }

    /** {@code PUT /v1/policies}: replaces the stored overrides as a whole (send {@code {}} to drop them all). */
    public synchronized ObjectNode replace(Caller caller, JsonNode body) {
        caller.require(Scope.ADMIN);
        if (body == null) throw dev.switchboard.problem.ProblemException.validation("(body)", "is required: a policy document, or {} to drop every override");
        PolicyDocument parsed = PolicyDocument.parse(body);
        db.write(tx -> {
            store.save(tx, Json.write(parsed.toJson()), clock.millis(), caller.tokenId());
            bus.publish(tx, CHANGED_TOPIC, "");
            return null;
        });
        set(parsed); // only after the commit: a rolled-back PUT never takes effect
        return view(caller, null, null);
    }
}
