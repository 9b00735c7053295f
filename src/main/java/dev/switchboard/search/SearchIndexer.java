package dev.switchboard.search;

import dev.switchboard.store.Database;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the full-text index up to date in bulk instead of one message at a time inside every append:
 * the appends' write transactions stay short (the single writer is the throughput limit of the whole
 * server), and FTS5 tokenizes a chunk of messages far faster than the same messages one by one.
 *
 * <p>It runs every few hundred milliseconds from housekeeping, and {@link SearchService} calls
 * {@link #catchUp} before it searches, so a search always finds every message appended before it.
 * Each chunk is one write unit of at most {@link #CHUNK} messages, so a long backlog (e.g. after an
 * import) never holds the writer for long.
 */
public final class SearchIndexer {
    static final int CHUNK = 2_000;

    private final Database db;
    private final SearchStore store;
    /** One catch-up at a time: two would only queue the same chunks twice on the writer. */
    private final ReentrantLock running = new ReentrantLock();

    public SearchIndexer(Database db, SearchStore store) {
        this.db = db;
        this.store = store;
    }

    /** Indexes everything appended so far; returns how many messages it indexed. */
    public int catchUp() {
        running.lock();
        try {
            if (!db.read(store::hasPending)) return 0;
            int total = 0;
            int indexed;
            do {
                indexed = db.write(tx -> store.indexPending(tx, CHUNK));
                total += indexed;
            } while (indexed == CHUNK);
            return total;
        } finally {
            running.unlock();
        }
    }
}
