package dev.switchboard.store;

/**
 * The store as {@code /readyz} sees it.
 *
 * @param reachable the database answers reads
 * @param migrated  every migration applied successfully
 * @param writable  writes commit (false after a commit failed, e.g. the disk is full, until one succeeds again)
 * @param detail    null when all three hold; otherwise what is wrong, for operators
 */
public record StoreHealth(boolean reachable, boolean migrated, boolean writable, String detail) {
    public boolean ready() {
        return reachable && migrated && writable;
    }
}
