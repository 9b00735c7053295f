package dev.switchboard;

import dev.switchboard.importer.ImportProgress;
import dev.switchboard.importer.ServiceTarget;
import dev.switchboard.importer.SourceFollower;
import dev.switchboard.importer.SourceSpec;
import dev.switchboard.importer.SourcesService;
import dev.switchboard.importer.StoredMarks;
import java.util.List;

/** {@code [[sources]]}: other agents' transcripts imported at start and followed as they grow (issue 13). */
record ImportFeatures(SourceFollower follower, SourcesService sources) implements AutoCloseable {

    /** @param specs the config file's sources, validated before anything was opened */
    static ImportFeatures wire(Core c, SessionFeatures s, List<SourceSpec> specs) {
        var follower = new SourceFollower(specs, new ServiceTarget(s.sessions(), s.transcripts(), s.messageInput()),
                new StoredMarks(c.db(), c.stores().importFiles(), c.clock()), c.clock(), ImportProgress.NONE);
        return new ImportFeatures(follower, new SourcesService(follower));
    }

    @Override
    public void close() {
        follower.close(); // before the store: its last batch commits, or is re-read by the next start
    }
}
