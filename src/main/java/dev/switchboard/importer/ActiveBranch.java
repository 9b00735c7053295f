package dev.switchboard.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * What to import of a tree-shaped transcript (Claude Code, OpenClaw): the message entries of the active branch
 * after the import's resume point, then those lines parsed in file order. Shared by the tree readers so the
 * rules for rewound branches are the same for every format.
 */
final class ActiveBranch {
    /** One planned line: parse it and hand it over. */
    @FunctionalInterface
    interface PlannedLine {
        void line(int entry, long number, long offset, byte[] bytes, int start, int length);
    }

    private ActiveBranch() {}

    /**
     * The message entries of the branch ending at {@code leaf} that come after {@code known}. When {@code known}
     * is off the branch (the user rewound and the conversation went on elsewhere) or gone from the file, the
     * history changed: that is reported, and the branch is handed over from the fork point (or whole) for the
     * writer to skip, by id, what the session already holds.
     */
    static BitSet entriesAfter(TreeIndex index, int leaf, String key, SourceRef known, RecordSink sink) {
        BitSet branch = index.branch(leaf);
        int after = -1;
        if (known != null) {
            int k = index.find(known.id());
            if (k >= 0 && branch.get(k)) {
                after = k;
            } else if (k >= 0) {
                int fork = index.forkPoint(k, branch);
                sink.historyChanged(key, "the branch was rewound: " + (index.depthBetween(k, fork) + 1)
                        + " imported message(s) up to line " + index.line(k) + " are no longer on the active branch"
                        + (fork >= 0 ? ", which continues from line " + index.line(fork) : ""));
                after = fork;
            } else {
                sink.historyChanged(key, "the newest imported message (" + known.id() + ", line " + known.line()
                        + ") is no longer in the file");
            }
        }
        // the plan is a bit per entry, never a list of boxed indexes: a million-line file costs 128 KB here
        if (after >= 0) branch.clear(0, after + 1);
        for (int i = branch.nextSetBit(0); i >= 0; i = branch.nextSetBit(i + 1)) {
            if (!index.has(i, TreeIndex.MESSAGE)) branch.clear(i);
        }
        return branch;
    }

    /** Reads the planned entries' lines in one pass, in file order, from the first of them. */
    static void read(Path file, TreeIndex index, BitSet plan, PlannedLine handler) throws IOException {
        int first = plan.nextSetBit(0);
        if (first < 0) return;
        int[] next = {first};
        JsonLines.read(file, index.offset(first), index.line(first), (number, offset, b, s, len) -> {
            int entry = next[0];
            if (number != index.line(entry)) return true;
            next[0] = plan.nextSetBit(entry + 1);
            handler.line(entry, number, offset, b, s, len);
            return next[0] >= 0;
        }, (number, offset, length) -> { });
    }
}
