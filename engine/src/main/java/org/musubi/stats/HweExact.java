package org.musubi.stats;

import java.util.Arrays;

/**
 * Hardy–Weinberg exact test (Wigginton, Cutler and Abecasis 2005) with PLINK 2 semantics ({@code HweLnP}): the
 * p-value is the total probability of the tables, with the same allele counts, whose probability is at most that of
 * the observed one; tables tied with the observed one (within a relative {@link #TIE_EPSILON}) count in the tail,
 * and for the mid-p they count half. Everything is done in log space relative to the most likely table, so the
 * test works for any N and gives ln p when p underflows a double.
 *
 * <p>Pure Java; no allocation but a per-JVM table of {@code ln(x(x-1))} grown once to the largest rare-allele
 * count seen (at most 16 MiB). The work is O(number of tables that are not negligible), at most O(min allele count).
 */
public final class HweExact {
    private HweExact() {}

    /** Relative tolerance under which a table's probability counts as tied with the observed one. */
    public static final double TIE_EPSILON = 1e-9;

    /** Tables whose probability is below e^-{@value} times the observed or the modal one are negligible. */
    private static final double NEGLIGIBLE_LN = 46; // e^-46 ≈ 1e-20: far below the 1e-16 resolution of a double

    /** Two-sided exact p-value; 1 for a monomorphic variant or no samples. */
    public static double p(long homRef, long het, long homAlt) {
        return Math.exp(lnP(homRef, het, homAlt, false));
    }

    /** Two-sided exact mid-p (ties, the observed table included, count half). */
    public static double midP(long homRef, long het, long homAlt) {
        return Math.exp(lnP(homRef, het, homAlt, true));
    }

    /**
     * Natural log of the p-value (or mid-p): finite even when the p-value underflows.
     *
     * @throws IllegalArgumentException on a negative count
     */
    public static double lnP(long homRef, long het, long homAlt, boolean midP) {
        double[] out = new double[2];
        lnPAndMidP(homRef, het, homAlt, out);
        return midP ? out[1] : out[0];
    }

    /**
     * {@code out[0] = lnP(…, false)}, {@code out[1] = lnP(…, true)} in one walk over the tables (the same sums, so
     * the same bits as two calls of {@link #lnP}). For callers that want both (freq's HWE columns).
     *
     * @throws IllegalArgumentException on a negative count
     */
    public static void lnPAndMidP(long homRef, long het, long homAlt, double[] out) {
        if (homRef < 0 || het < 0 || homAlt < 0) {
            throw new IllegalArgumentException("negative genotype count: " + homRef + "/" + het + "/" + homAlt);
        }
        long n = homRef + het + homAlt;
        long homRare = Math.min(homRef, homAlt);
        long rare = 2 * homRare + het; // copies of the rarer allele
        if (n == 0 || rare == 0) {
            out[0] = 0; // a single possible table: p = 1
            out[1] = 0;
            return;
        }
        // The modal het count: near the expectation rare * (2n - rare) / (2n), with rare's parity.
        long mode = (long) Math.floor((double) rare * (2 * n - rare) / (2 * n - 1));
        if (((mode ^ rare) & 1) != 0) {
            mode++;
        }
        if (mode > rare) {
            mode -= 2;
        }
        if (mode < 0) {
            mode = rare & 1;
        }
        // ln P(h) relative to the mode, by the ratio recurrence; the observed table's value first.
        double lnObs = lnRel(mode, het, rare, n);
        double tieLn = Math.log1p(TIE_EPSILON);
        double cut = Math.min(lnObs, 0) - NEGLIGIBLE_LN;
        // total: relative to the mode; tail (strictly less likely) and tied: relative to the observed table
        double[] sums = {1, 0, 0};
        classify(0, lnObs, tieLn, sums);
        double ln = 0;
        for (long h = mode; h >= 2; h -= 2) {
            long homr = (rare - h) / 2;
            long homc = n - h - homr;
            // P(h-2)/P(h) = h(h-1) / (4 (homr+1)(homc+1))
            ln += lnPair(h) - Math.log(4.0 * (homr + 1) * (homc + 1));
            sums[0] += Math.exp(ln);
            classify(ln, lnObs, tieLn, sums);
            if (ln < cut) {
                break;
            }
        }
        ln = 0;
        for (long h = mode; h + 2 <= rare; h += 2) {
            long homr = (rare - h) / 2;
            long homc = n - h - homr;
            // P(h+2)/P(h) = 4 homr homc / ((h+2)(h+1))
            ln += Math.log(4.0 * homr * homc) - lnPair(h + 2);
            sums[0] += Math.exp(ln);
            classify(ln, lnObs, tieLn, sums);
            if (ln < cut) {
                break;
            }
        }
        out[0] = Math.min(0, lnObs + Math.log(sums[1] + sums[2]) - Math.log(sums[0]));
        out[1] = Math.min(0, lnObs + Math.log(sums[1] + 0.5 * sums[2]) - Math.log(sums[0]));
    }

    /** Largest table of {@link #lnPair}: 2^21 entries (16 MiB), rare-allele counts up to 2·10⁶. */
    private static final int LN_PAIR_MAX = 1 << 21;

    /** {@code lnPairs[x] = Math.log((double) x * (x - 1))}, grown on demand up to {@link #LN_PAIR_MAX}. */
    private static volatile double[] lnPairs = new double[0];

    /**
     * {@code Math.log((double) x * (x - 1))}, from a per-JVM table (the same bits: the same expression, computed
     * once): one of the two logarithms of each step of the walk.
     */
    static double lnPair(long x) {
        double[] t = lnPairs;
        if (x < t.length) {
            return t[(int) x];
        }
        return x < LN_PAIR_MAX ? grow(x)[(int) x] : Math.log((double) x * (x - 1));
    }

    private static synchronized double[] grow(long x) {
        double[] t = lnPairs;
        if (x < t.length) {
            return t;
        }
        int size = Math.max(4096, Integer.highestOneBit((int) x) << 1);
        double[] g = Arrays.copyOf(t, size);
        for (int i = t.length; i < size; i++) {
            g[i] = Math.log((double) i * (i - 1));
        }
        lnPairs = g;
        return g;
    }

    /** Adds a table (ln P relative to the mode) to the tail or the tied sum, relative to the observed table. */
    private static void classify(double ln, double lnObs, double tieLn, double[] sums) {
        if (ln > lnObs + tieLn) {
            return;
        }
        if (ln >= lnObs - tieLn) {
            sums[2] += Math.exp(ln - lnObs);
        } else {
            sums[1] += Math.exp(ln - lnObs);
        }
    }

    /** ln P(h) - ln P(from), walking the recurrence from {@code from} to {@code to} (same parity). */
    private static double lnRel(long from, long to, long rare, long n) {
        double ln = 0;
        if (to < from) {
            for (long h = from; h > to; h -= 2) {
                long homr = (rare - h) / 2;
                long homc = n - h - homr;
                ln += lnPair(h) - Math.log(4.0 * (homr + 1) * (homc + 1));
            }
        } else {
            for (long h = from; h < to; h += 2) {
                long homr = (rare - h) / 2;
                long homc = n - h - homr;
                ln += Math.log(4.0 * homr * homc) - lnPair(h + 2);
            }
        }
        return ln;
    }
}
