package dev.switchboard.store.sqlite;

import dev.switchboard.store.jdbc.LifecycleStores;
import dev.switchboard.store.jdbc.Stores;

/** The feature stores on SQLite: the shared ones with SQLite's dialect, and its own event log and FTS5 search. */
public final class SqliteStores {
    private SqliteStores() {}

    public static Stores open() {
        return Stores.open(new SqliteDialect(), new SqliteEventStore());
    }

    public static LifecycleStores lifecycle() {
        return LifecycleStores.open(new SqliteDialect(), new SqliteSearchStore());
    }
}
