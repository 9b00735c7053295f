package dev.switchboard.event;

import dev.switchboard.testing.RawDb;
import java.util.List;

/**
 * The committed event log read straight from the server's database, independently of the code under test: what
 * every subscriber must have received.
 */
final class CommittedEvents {
    record Row(long seq, String type, String key, String channel) {}

    private CommittedEvents() {}

    static List<Row> after(RawDb db, long after) {
        return db.rows("SELECT seq, type, key, channel FROM events WHERE seq > ? ORDER BY seq", after).stream()
                .map(r -> new Row(((Number) r.get("seq")).longValue(), (String) r.get("type"), (String) r.get("key"),
                        (String) r.get("channel")))
                .toList();
    }

    static List<Long> seqsAfter(RawDb db, long after) {
        return after(db, after).stream().map(Row::seq).toList();
    }

    /** The highest committed seq (0 when the log is empty). */
    static long head(RawDb db) {
        return db.count("SELECT coalesce(max(seq), 0) FROM events");
    }
}
