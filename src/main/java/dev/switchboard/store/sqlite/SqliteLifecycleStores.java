package dev.switchboard.store.sqlite;

import dev.switchboard.archive.ArchiveStore;
import dev.switchboard.search.SearchStore;
import dev.switchboard.session.LifecycleStore;
import dev.switchboard.session.PolicyStore;
import dev.switchboard.usage.UsageStore;

/**
 * The SQLite stores of the session-lifecycle features (policies, instances, archive, search, usage),
 * built beside {@link SqliteStores} so the two lists can grow independently.
 */
public record SqliteLifecycleStores(
        LifecycleStore lifecycle,
        PolicyStore policies,
        ArchiveStore archive,
        SearchStore search,
        UsageStore usage) {

    public static SqliteLifecycleStores open() {
        return new SqliteLifecycleStores(new SqliteLifecycleStore(), new SqlitePolicyStore(), new SqliteArchiveStore(),
                new SqliteSearchStore(), new SqliteUsageStore());
    }
}
