package dev.switchboard.web;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry of WebSocket RPC methods ({@code sessions.list}, {@code messages.append}, …). Each feature
 * contributes its methods from its routes class ({@link Routes#rpc}), next to the REST endpoints they mirror,
 * so adding a method is one line there: {@code methods.register("sessions.reset", call -> ...)}.
 */
public final class WsMethods {
    private final Map<String, WsMethod> methods = new TreeMap<>();

    /** Collects the methods of every feature; built once at start-up, read-only afterwards. */
    public static WsMethods of(List<? extends Routes> routes) {
        var m = new WsMethods();
        for (Routes r : routes) r.rpc(m);
        return m;
    }

    /** Adds a method; a name registered twice is a wiring bug and fails start-up. */
    public WsMethods register(String name, WsMethod method) {
        if (!name.matches("[a-z][a-z_]*(\\.[a-z][a-z_]*)+")) {
            throw new IllegalArgumentException("WebSocket method names are dotted lower case, like sessions.list: " + name);
        }
        if (methods.putIfAbsent(name, method) != null) {
            throw new IllegalStateException("WebSocket method " + name + " is registered twice");
        }
        return this;
    }

    public Optional<WsMethod> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(methods.keySet()));
    }
}
