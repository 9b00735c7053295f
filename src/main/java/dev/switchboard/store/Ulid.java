package dev.switchboard.store;

import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ULIDs (26 Crockford base-32 chars: 48-bit millisecond time + 80 random bits) for instance, message
 * and token ids. Monotonic within a millisecond so ids sort in creation order even in a burst.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static long lastMillis;
    private static long randHi; // 16 bits
    private static long randLo; // 64 bits

    private Ulid() {}

    public static String next() {
        return next(System.currentTimeMillis());
    }

    public static String next(long millis) {
        long hi;
        long lo;
        LOCK.lock();
        try {
            if (millis <= lastMillis) {
                millis = lastMillis;
                randLo++;
                if (randLo == 0) randHi = (randHi + 1) & 0xFFFF;
            } else {
                lastMillis = millis;
                randHi = RANDOM.nextInt() & 0xFFFF;
                randLo = RANDOM.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL; // headroom so increments don't wrap
            }
            hi = randHi;
            lo = randLo;
        } finally {
            LOCK.unlock();
        }
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits = hi(16) ++ lo(64), written as 16 chars of 5 bits from the least significant end.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }
}
