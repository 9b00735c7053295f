package dev.switchboard.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Plugin namespaces on a session: {@code plugins: {plugin_id: {namespace: value}}}, written one
 * namespace at a time with {@code PUT /v1/sessions/{key}/plugins/{plugin_id}/{namespace}}. Any JSON
 * value may be stored; {@code null} deletes the namespace (and the plugin's entry once it is empty).
 *
 * <p>Who: an admin, or a token granted the plugin ({@code plugins} on the token) — the grant replaces
 * {@code sessions:write} for this one operation, but the session must still be inside the token's
 * channel/agent grants (404 otherwise). Size: the whole {@code plugins} object is limited like
 * metadata, by {@code limits.max_metadata_bytes} (413).
 */
public final class SessionPlugins {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Database db;
    private final SessionService sessions;
    private final SwitchboardConfig.Limits limits;
    private final Clock clock;

    public SessionPlugins(Database db, SessionService sessions, SwitchboardConfig.Limits limits, Clock clock) {
        this.db = db;
        this.sessions = sessions;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Sets ({@code value} non-null) or deletes ({@code value} a JSON null) one namespace.
     * {@code value == null} (no body at all) is a 422: deleting must be said explicitly.
     */
    public Session put(Caller caller, String key, String pluginId, String namespace, JsonNode value, Long ifMatch) {
        if (!NAME.matcher(pluginId).matches()) throw ProblemException.validation("plugin_id", "must match [A-Za-z0-9._-]{1,64}");
        if (!NAME.matcher(namespace).matches()) throw ProblemException.validation("namespace", "must match [A-Za-z0-9._-]{1,64}");
        if (value == null) throw ProblemException.validation("(body)", "is required: any JSON value, or null to delete");
        if (!caller.canUsePlugin(pluginId)) {
            throw ProblemException.forbidden("this token is not granted plugin '" + pluginId + "'");
        }
        return db.write(tx -> {
            Session s = sessions.requireVisible(tx, caller, key);
            SessionService.requireVersion(s, ifMatch);
            ObjectNode plugins = s.plugins() instanceof ObjectNode o ? o.deepCopy() : Json.object();
            JsonNode current = plugins.path(pluginId).path(namespace);
            if (value.isNull()) {
                if (current.isMissingNode()) return s;
                ObjectNode ns = (ObjectNode) plugins.get(pluginId);
                ns.remove(namespace);
                if (ns.isEmpty()) plugins.remove(pluginId);
            } else {
                if (value.equals(current)) return s; // nothing changes: no version bump, no event
                JsonNode ns = plugins.get(pluginId);
                (ns instanceof ObjectNode o ? o : plugins.putObject(pluginId)).set(namespace, value);
            }
            int size = Json.write(plugins).length();
            if (size > limits.maxMetadataBytes()) {
                throw ProblemException.tooLarge("plugins would be " + size + " bytes; the limit is "
                        + limits.maxMetadataBytes() + " (limits.max_metadata_bytes)");
            }
            Instant now = clock.instant();
            Session updated = s.with(d -> {
                d.touched(now);
                d.plugins = plugins;
            });
            sessions.save(tx, updated);
            sessions.emit(tx, EventType.SESSION_UPDATED, updated);
            return updated;
        });
    }
}
