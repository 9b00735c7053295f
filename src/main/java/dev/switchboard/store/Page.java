package dev.switchboard.store;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint: {@code {"items": [...], "next_cursor": "..." | null}} (API.md "Pagination"). */
public record Page<T>(List<T> items, String nextCursor) {
    public <U> Page<U> map(Function<T, U> f) {
        return new Page<>(items.stream().map(f).toList(), nextCursor);
    }
}
