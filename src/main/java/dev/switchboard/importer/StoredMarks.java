package dev.switchboard.importer;

import dev.switchboard.store.Database;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The server's {@link ImportMarks}: rows of {@code import_files}, written after the appends they follow. */
public final class StoredMarks implements ImportMarks {
    private final Database db;
    private final ImportFileStore store;
    private final Clock clock;

    public StoredMarks(Database db, ImportFileStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Map<String, FileMark> load(String sourceId) {
        var out = new HashMap<String, FileMark>();
        for (FileMark m : db.read(tx -> store.load(tx, sourceId))) out.put(m.path(), m);
        return out;
    }

    @Override
    public void save(String sourceId, FileMark mark) {
        db.write(tx -> {
            store.save(tx, sourceId, mark, clock.millis());
            return null;
        });
    }
}
