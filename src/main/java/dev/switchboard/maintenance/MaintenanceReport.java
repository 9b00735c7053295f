package dev.switchboard.maintenance;

import java.util.List;

/**
 * What a maintenance pass removes (or, dry, would remove): how many of each kind and the first of them, oldest first.
 *
 * @param storeBytes the store's size on disk when the pass began
 */
public record MaintenanceReport(boolean dryRun, long storeBytes, Part archivedSessions, Part purgedArchiveEntries,
                                Part removedRunDirs) {
    /** A count and the first keys or ids (at most {@link MaintenanceService#FIRST}). */
    public record Part(long count, List<String> first) {
        public static final Part NONE = new Part(0, List.of());
    }
}
