package dev.switchboard.web;

import io.javalin.config.RoutesConfig;

/** A feature's REST endpoints. Each feature package has one; {@link HttpApi} mounts them all. */
public interface Routes {
    void register(RoutesConfig routes);

    /**
     * Classpath resource of the OpenAPI fragment documenting these endpoints ({@code paths} and
     * {@code components}), merged into {@code /openapi.json} by {@link OpenApi}. A test fails when a
     * registered endpoint is missing from the merged document.
     */
    default String openApi() {
        return null;
    }

    /**
     * The WebSocket RPC methods this feature offers ({@code GET /v1/ws}), each mirroring one of its REST
     * endpoints by calling the same service method, e.g.
     * {@code methods.register("sessions.get", call -> sessions.get(call.caller(), call.key()))}.
     */
    default void rpc(WsMethods methods) {}
}
