package dev.switchboard.session;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/** Persistence of the admin's reset-policy overrides (one JSON document). */
public interface PolicyStore {
    Optional<String> load(Tx tx) throws SQLException;

    void save(Tx tx, String documentJson, long atMillis, String updatedBy) throws SQLException;
}
