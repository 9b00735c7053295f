package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pages over {@code (time, id)} keysets: queries fetch {@code limit + 1} rows; the extra row only says
 * whether there is a next page, whose cursor holds the last returned row's position.
 */
final class KeysetPages {
    private KeysetPages() {}

    static <T> Page<T> of(List<T> fetched, int limit, String kind, Function<T, Instant> time, Function<T, String> id) {
        var items = new ArrayList<>(fetched);
        String next = null;
        if (items.size() > limit) {
            items.subList(limit, items.size()).clear();
            ObjectNode pos = Cursor.position(kind);
            pos.put("t", time.apply(items.getLast()).toEpochMilli());
            pos.put("id", id.apply(items.getLast()));
            next = Cursor.encode(pos);
        }
        return new Page<>(List.copyOf(items), next);
    }
}
