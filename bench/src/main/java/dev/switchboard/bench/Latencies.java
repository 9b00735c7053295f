package dev.switchboard.bench;

import java.util.Arrays;

/**
 * Recorded latencies (nanoseconds) and their percentiles. HdrHistogram is not on our dependency list and
 * a benchmark run records at most a few million samples, so sorting a plain array is exact and cheap.
 * Percentiles use the nearest-rank definition: p99 is the smallest sample that at least 99 % of samples
 * do not exceed.
 */
public final class Latencies {
    private long[] values = new long[1024];
    private int size;

    public void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    public void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) add(other.values[i]);
    }

    public int count() {
        return size;
    }

    /** A sorted, immutable view of everything recorded so far. */
    public Summary summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    public record Summary(long[] sorted) {
        public int count() {
            return sorted.length;
        }

        /** Nearest-rank percentile in milliseconds, or NaN when nothing was recorded. */
        public double millis(double percentile) {
            if (sorted.length == 0) return Double.NaN;
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1e6;
        }

        public double meanMillis() {
            if (sorted.length == 0) return Double.NaN;
            double sum = 0;
            for (long v : sorted) sum += v;
            return sum / sorted.length / 1e6;
        }
    }
}
