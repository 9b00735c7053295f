package dev.switchboard.importer;

/**
 * 128-bit identities of source ids: a UUID's own bits when the id is a UUID, else two independent 64-bit
 * FNV-1a hashes (different offset bases), so an index can hold ids without holding their strings.
 */
final class Ids {
    private static final long PRIME = 0x100000001b3L;

    private Ids() {}

    static long hi(String id) {
        if (isUuid(id)) return parseHex(id, 0, 8) << 32 | parseHex(id, 9, 13) << 16 | parseHex(id, 14, 18);
        return fnv(id, 0xcbf29ce484222325L);
    }

    static long lo(String id) {
        if (isUuid(id)) return parseHex(id, 19, 23) << 48 | parseHex(id, 24, 36);
        return fnv(id, 0x84222325cbf29ce4L) ^ id.length();
    }

    /** A 64-bit key of a pair of strings (Claude Code's message id + request id), 0 when either is missing. */
    static long pair(String a, String b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) return 0;
        long h = fnv(a, 0xcbf29ce484222325L);
        h = (h ^ ':') * PRIME;
        for (int i = 0; i < b.length(); i++) h = (h ^ b.charAt(i)) * PRIME;
        return h == 0 ? 1 : h;
    }

    private static long fnv(String s, long basis) {
        long h = basis;
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * PRIME;
        return h;
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) continue;
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    private static long parseHex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) v = v << 4 | Character.digit(s.charAt(i), 16);
        return v;
    }
}
