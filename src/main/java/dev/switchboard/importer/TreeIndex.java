package dev.switchboard.importer;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-line index of a tree-shaped transcript (Claude Code {@code uuid}/{@code parentUuid}, OpenClaw
 * {@code id}/{@code parentId}): for each entry its id, its parent, where it is in the file, and a few flags,
 * in primitive arrays, never the line's contents. About 35 bytes per entry (plus its slot in the id table), so
 * a 1 GiB file of 1.6 million lines costs ≈ 70 MB of heap.
 *
 * <p>Ids are kept as 128 bits: a UUID's own bits, or two independent 64-bit hashes of any other string
 * (OpenClaw's 8-hex ids); a collision of both is not a practical concern. Entries are added in file order;
 * a parent that appears later in the file (or never) is resolved in {@link #finish}.
 */
final class TreeIndex {
    /** The entry is a message (not a pass-through entry such as a Claude Code {@code progress} line). */
    static final int MESSAGE = 1;
    /** The entry carries the usage of its API response (the first line with its message id + request id). */
    static final int USAGE_OWNER = 2;
    /** The entry was copied from another session (a resumed session's history): its usage was counted there. */
    static final int COPIED = 4;

    private long[] hi = new long[1024];
    private long[] lo = new long[1024];
    private int[] parent = new int[1024];
    private long[] offset = new long[1024];
    private int[] line = new int[1024];
    private byte[] flags = new byte[1024];
    private short[] group = new short[1024];
    private int size;
    private int[] table = new int[2048]; // open addressing: entry index + 1, 0 = empty
    private final Map<Integer, long[]> unresolved = new HashMap<>();

    int size() {
        return size;
    }

    /**
     * Adds an entry; {@code parentId} null for a root.
     *
     * @param group 0 for the main conversation, another number per sidechain
     */
    int add(String id, String parentId, long lineNumber, long fileOffset, int entryFlags, int entryGroup) {
        if (size == hi.length) grow();
        int i = size++;
        hi[i] = Ids.hi(id);
        lo[i] = Ids.lo(id);
        offset[i] = fileOffset;
        line[i] = (int) Math.min(Integer.MAX_VALUE, lineNumber);
        flags[i] = (byte) entryFlags;
        group[i] = (short) Math.min(Short.MAX_VALUE, entryGroup);
        parent[i] = -1;
        if (parentId != null) {
            int p = find(Ids.hi(parentId), Ids.lo(parentId));
            if (p >= 0) parent[i] = p;
            else unresolved.put(i, new long[] {Ids.hi(parentId), Ids.lo(parentId)});
        }
        if (size * 2 > table.length) rehash(table.length * 2);
        put(i);
        return i;
    }

    /** Resolves parents that appeared after their children; call once after the last {@link #add}. */
    void finish() {
        unresolved.forEach((child, p) -> parent[child] = find(p[0], p[1]));
        unresolved.clear();
    }

    int find(String id) {
        return id == null ? -1 : find(Ids.hi(id), Ids.lo(id));
    }

    int parent(int i) {
        return parent[i];
    }

    long offset(int i) {
        return offset[i];
    }

    long line(int i) {
        return line[i];
    }

    int group(int i) {
        return group[i];
    }

    boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    /** The newest message entry of {@code entryGroup}: the leaf of its active branch, or -1. */
    int leaf(int entryGroup) {
        for (int i = size - 1; i >= 0; i--) {
            if (group[i] == entryGroup && has(i, MESSAGE)) return i;
        }
        return -1;
    }

    /**
     * The active branch ending at {@code leaf}: the leaf and its ancestors within the same group (a walk
     * stops at a parent of another group, or at a cycle a corrupt file could contain).
     */
    BitSet branch(int leaf) {
        var on = new BitSet(size);
        for (int i = leaf; i >= 0 && !on.get(i) && group[i] == group[leaf]; i = parent[i]) on.set(i);
        return on;
    }

    /** The deepest entry of {@code branch} on the path from {@code i} to its root (the fork point), or -1. */
    int forkPoint(int i, BitSet branch) {
        var seen = new BitSet(size);
        for (int j = i; j >= 0 && !seen.get(j); j = parent[j]) {
            if (branch.get(j)) return j;
            seen.set(j);
        }
        return -1;
    }

    /** How many entries lie between {@code from} (exclusive) and its ancestor {@code to} (exclusive). */
    int depthBetween(int from, int to) {
        int n = 0;
        var seen = new BitSet(size);
        for (int j = parent(from); j >= 0 && j != to && !seen.get(j); j = parent[j]) {
            seen.set(j);
            n++;
        }
        return n;
    }

    private int find(long h, long l) {
        int mask = table.length - 1;
        for (int slot = mix(h, l) & mask; ; slot = (slot + 1) & mask) {
            int v = table[slot];
            if (v == 0) return -1;
            if (hi[v - 1] == h && lo[v - 1] == l) return v - 1;
        }
    }

    private void put(int i) {
        int mask = table.length - 1;
        int slot = mix(hi[i], lo[i]) & mask;
        while (table[slot] != 0) {
            // a duplicate id (a line written twice): the later line wins lookups, which is the newer copy
            if (hi[table[slot] - 1] == hi[i] && lo[table[slot] - 1] == lo[i]) break;
            slot = (slot + 1) & mask;
        }
        table[slot] = i + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int i = 0; i < size; i++) put(i);
    }

    private static int mix(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }

    /** By half: doubling would keep up to twice the entries' room at the end (and three times while copying). */
    private void grow() {
        int n = hi.length + (hi.length >> 1);
        hi = Arrays.copyOf(hi, n);
        lo = Arrays.copyOf(lo, n);
        parent = Arrays.copyOf(parent, n);
        offset = Arrays.copyOf(offset, n);
        line = Arrays.copyOf(line, n);
        flags = Arrays.copyOf(flags, n);
        group = Arrays.copyOf(group, n);
    }
}
