package org.musubi.freq.count;

import java.util.concurrent.ConcurrentHashMap;
import org.musubi.stats.HweExact;

/**
 * {@link HweExact}'s P and mid-P of a genotype table, memoised for every task of the JVM: the values depend on the
 * three counts only, and a cohort's rare variants share few tables (a singleton is always {@code N-1/1/0}). Exactly
 * the values {@link HweExact#p} and {@link HweExact#midP} return. Used by freq.
 */
public final class HweMemo {
    private HweMemo() {}

    /** Counts below 2^21 each pack into one key; larger ones are computed without the memo. */
    private static final long LIMIT = 1L << 21;

    private static final int MAX = 1 << 18;

    private static final ConcurrentHashMap<Long, double[]> MEMO = new ConcurrentHashMap<>();

    /**
     * {@code {p, midP}} of the table (hom-ref, het, hom-alt); do not modify the array returned.
     *
     * @throws IllegalArgumentException on a negative count
     */
    public static double[] pAndMidP(long homRef, long het, long homAlt) {
        if (homRef < 0 || het < 0 || homAlt < 0 || homRef >= LIMIT || het >= LIMIT || homAlt >= LIMIT) {
            return compute(homRef, het, homAlt);
        }
        Long key = (homRef << 42) | (het << 21) | homAlt;
        double[] v = MEMO.get(key);
        if (v == null) {
            if (MEMO.size() >= MAX) {
                MEMO.clear();
            }
            v = compute(homRef, het, homAlt);
            MEMO.put(key, v);
        }
        return v;
    }

    private static double[] compute(long homRef, long het, long homAlt) {
        return new double[] {HweExact.p(homRef, het, homAlt), HweExact.midP(homRef, het, homAlt)};
    }
}
