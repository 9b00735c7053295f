package dev.switchboard.api;

import io.javalin.config.RoutesConfig;

/** A feature's REST endpoints. Each feature package has one; {@link HttpApi} mounts them all. */
public interface Routes {
    void register(RoutesConfig routes);
}
