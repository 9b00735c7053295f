package dev.switchboard.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint: {@code {"items": [...], "next_cursor": "..." | null}} (API.md "Pagination"). */
public record Page<T>(List<T> items, String nextCursor) {
    /**
     * The page for {@code fetched}, which was read with {@code limit + 1} rows: the extra row only says
     * that there is more, and the cursor is made from the last row kept.
     */
    public static <T> Page<T> trim(List<T> fetched, int limit, Function<T, String> cursorAfter) {
        if (fetched.size() <= limit) return new Page<>(List.copyOf(fetched), null);
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, cursorAfter.apply(items.getLast()));
    }
}
