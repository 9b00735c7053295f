package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.json.Json;

/**
 * {@code GET /v1/sources}: the state of each {@code [[sources]]} entry. Admin only: it shows the server's file
 * paths and import errors, which say more about the host than about any one session a grant could cover.
 */
public final class SourcesService {
    private final SourceFollower follower;

    public SourcesService(SourceFollower follower) {
        this.follower = follower;
    }

    public ObjectNode list(Caller caller) {
        caller.require(Scope.ADMIN);
        ObjectNode n = Json.object();
        n.set("items", follower.status());
        n.putNull("next_cursor");
        return n;
    }
}
