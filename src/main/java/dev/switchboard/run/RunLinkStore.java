package dev.switchboard.run;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Persistence of {@link RunLink}s: written with their run, never changed. */
public interface RunLinkStore {
    void insert(Tx tx, RunLink link) throws SQLException;

    Optional<RunLink> find(Tx tx, String runId) throws SQLException;

    /** The sessions whose runs {@code fromKey} started as subagents (each once). */
    List<String> subagentKeys(Tx tx, String fromKey) throws SQLException;
}
