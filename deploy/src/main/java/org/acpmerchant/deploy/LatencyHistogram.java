package org.acpmerchant.deploy;

import java.util.concurrent.TimeUnit;

/**
 * A log-linear latency histogram in the manner of HdrHistogram: microsecond values, exact below 256 µs and above that
 * 128 linear sub-buckets per power of two, so a reported percentile is at most 0.8 % above the true value (never below;
 * the maximum is exact). Synchronized: a record costs nanoseconds, far below the request rates this tool drives.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 8;
    private static final int SUB = 1 << SUB_BITS;
    private static final int HALF = SUB >> 1;
    private static final int TOP_BIT = 41;
    private static final long LARGEST = (1L << (TOP_BIT + 1)) - 1;

    private final long[] counts = new long[SUB + (TOP_BIT - SUB_BITS + 1) * HALF];
    private long count;
    private long max;
    private long sum;

    synchronized void recordNanos(long nanos) {
        long micros = Math.min(LARGEST, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
        counts[index(micros)]++;
        count++;
        sum += micros;
        max = Math.max(max, micros);
    }

    synchronized long count() {
        return count;
    }

    /** The value at {@code percentile} (0–100) in microseconds; 0 when empty. */
    synchronized long percentileMicros(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestEquivalent(i), max);
            }
        }
        return max;
    }

    synchronized long maxMicros() {
        return max;
    }

    synchronized long meanMicros() {
        return count == 0 ? 0 : sum / count;
    }

    /** A copy of this histogram, which is then emptied (for per-interval figures). */
    synchronized LatencyHistogram takeAndReset() {
        LatencyHistogram copy = new LatencyHistogram();
        System.arraycopy(counts, 0, copy.counts, 0, counts.length);
        copy.count = count;
        copy.max = max;
        copy.sum = sum;
        java.util.Arrays.fill(counts, 0);
        count = 0;
        max = 0;
        sum = 0;
        return copy;
    }

    static int index(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - (SUB_BITS - 1);
        return SUB + (shift - 1) * HALF + (int) ((micros >> shift) - HALF);
    }

    static long highestEquivalent(int index) {
        if (index < SUB) {
            return index;
        }
        int k = index - SUB;
        int shift = k / HALF + 1;
        long mantissa = k % HALF + HALF;
        return ((mantissa + 1) << shift) - 1;
    }
}
