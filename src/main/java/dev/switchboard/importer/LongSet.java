package dev.switchboard.importer;

/** A set of non-zero longs in one primitive array (open addressing): 16 bytes an entry, no boxing. */
final class LongSet {
    private long[] slots = new long[256];
    private int size;

    /** Adds {@code v} (≠ 0); true when it was not there yet. */
    boolean add(long v) {
        if (size * 2 >= slots.length) grow();
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == v) return false;
            if (slots[i] == 0) {
                slots[i] = v;
                size++;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) add(v);
        }
    }

    private static int mix(long v) {
        long x = v * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }
}
