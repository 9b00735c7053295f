package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --dry-run}: reads what the real target holds (so the report says exactly what would be imported) and
 * writes nothing. Sessions it would create read as created; appends and updates are dropped.
 */
public final class DryRunTarget implements ImportTarget {
    private final ImportTarget real;

    public DryRunTarget(ImportTarget real) {
        this.real = real;
    }

    @Override
    public Optional<Existing> find(String key) {
        return real.find(key);
    }

    @Override
    public boolean create(SourceSession session) {
        return real.find(session.key()).isEmpty();
    }

    @Override
    public void update(String key, String title, String model, ObjectNode metadataPatch) {
        // nothing is written in a dry run
    }

    @Override
    public void append(String key, ObjectNode batch) {
        // nothing is written in a dry run
    }

    @Override
    public Set<String> importedIds(String key) {
        return real.importedIds(key);
    }

    @Override
    public Optional<String> keyOfSourceSession(String keyPrefix, String sourceSessionId) {
        return real.keyOfSourceSession(keyPrefix, sourceSessionId);
    }
}
