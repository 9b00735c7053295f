package dev.switchboard.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a token's quota, a client address): each holds up to {@code capacity} permits and refills at
 * {@code perSecond}. A key seen for the first time starts full. Buckets that have refilled completely are forgotten
 * by {@link #prune} (a full bucket and no bucket are the same thing), so keys an attacker makes up cost memory only
 * for as long as they keep being used.
 */
final class TokenBuckets {
    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double perSecond, double capacity, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, capacity);
        this.nanoTime = nanoTime;
    }

    /** Takes one permit for {@code key}; false when its bucket is empty. */
    boolean take(String key) {
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(perSecond, capacity, now);
    }

    /** Forgets buckets that are full again; run now and then by housekeeping. */
    void prune() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(b -> b.level(perSecond, capacity, now) >= capacity);
    }

    int size() {
        return buckets.size();
    }

    private static final class Bucket {
        private double permits;
        private long refilledAt;

        Bucket(double permits, long now) {
            this.permits = permits;
            this.refilledAt = now;
        }

        synchronized double level(double perSecond, double capacity, long now) {
            permits = Math.min(capacity, permits + Math.max(0, now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            return permits;
        }

        synchronized boolean take(double perSecond, double capacity, long now) {
            if (level(perSecond, capacity, now) < 1) return false;
            permits -= 1;
            return true;
        }
    }
}
