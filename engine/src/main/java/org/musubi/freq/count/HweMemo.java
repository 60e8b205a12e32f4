package org.musubi.freq.count;

import org.musubi.stats.HweExact;

/**
 * {@link HweExact}'s P and mid-P of a genotype table, memoised for every task of the JVM (a {@link PairCache}): the
 * values depend on the three counts only, and a cohort's rare variants share few tables (a singleton is always
 * {@code N-1/1/0}). Both come from one walk over the tables ({@link HweExact#lnPAndMidP}), exactly the values {@link
 * HweExact#p} and {@link HweExact#midP} return. Used by freq.
 */
public final class HweMemo {
    private HweMemo() {}

    /** Counts below 2^21 each pack into one key; larger ones are computed without the memo. */
    private static final long LIMIT = 1L << 21;

    private static final long MASK = LIMIT - 1;

    private static final PairCache MEMO = new PairCache(20);

    /**
     * {@code {p, midP}} of the table (hom-ref, het, hom-alt), a new array.
     *
     * @throws IllegalArgumentException on a negative count
     */
    public static double[] pAndMidP(long homRef, long het, long homAlt) {
        double[] out = new double[2];
        pAndMidP(homRef, het, homAlt, out);
        return out;
    }

    /**
     * {@link #pAndMidP(long, long, long)} into {@code out[0]} (P) and {@code out[1]} (mid-P): no array per call.
     *
     * @throws IllegalArgumentException on a negative count
     */
    public static void pAndMidP(long homRef, long het, long homAlt, double[] out) {
        if (homRef < 0 || het < 0 || homAlt < 0 || homRef >= LIMIT || het >= LIMIT || homAlt >= LIMIT) {
            double[] v = compute(homRef, het, homAlt);
            out[0] = v[0];
            out[1] = v[1];
        } else {
            MEMO.get((homRef << 42) | (het << 21) | homAlt, HweMemo::compute, out);
        }
    }

    private static double[] compute(long key) {
        return compute(key >>> 42, (key >>> 21) & MASK, key & MASK);
    }

    private static double[] compute(long homRef, long het, long homAlt) {
        double[] v = new double[2];
        HweExact.lnPAndMidP(homRef, het, homAlt, v);
        v[0] = Math.exp(v[0]);
        v[1] = Math.exp(v[1]);
        return v;
    }
}
