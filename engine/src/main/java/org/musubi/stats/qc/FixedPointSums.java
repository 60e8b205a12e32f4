package org.musubi.stats.qc;

import java.io.Serializable;

/**
 * Per-sample sums of non-negative doubles below 2 kept in 64.62 fixed point (two {@code long}s each), so that the
 * total does not depend on the order of the additions: the same sums, hence the same printed statistics, whatever
 * the number of tasks that added and merged them. Each addition truncates below 2<sup>−62</sup>, far under a
 * double's resolution of the sum. Used by {@link SampleCounts} for the expected heterozygosities of {@code --het}
 * and the sex check.
 */
public final class FixedPointSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double SCALE = 0x1.0p62;
    private static final long MASK = (1L << 62) - 1;

    private final long[] units;
    private final long[] fraction;

    public FixedPointSums(int n) {
        this.units = new long[n];
        this.fraction = new long[n];
    }

    /** The fixed-point value of {@code x} (0 ≤ x < 2), to add with {@link #addFixed}. */
    public static long fixed(double x) {
        if (!(x >= 0 && x < 2)) {
            throw new IllegalArgumentException("fixed-point sums take values in [0, 2): " + x);
        }
        return (long) (x * SCALE);
    }

    /** Adds a value made by {@link #fixed} to sample i's sum. */
    public void addFixed(int i, long fixed) {
        long f = fraction[i] + fixed;
        units[i] += f >>> 62;
        fraction[i] = f & MASK;
    }

    public void merge(FixedPointSums o) {
        if (o.units.length != units.length) {
            throw new IllegalArgumentException(
                    "merging sums of " + o.units.length + " and " + units.length + " samples");
        }
        for (int i = 0; i < units.length; i++) {
            units[i] += o.units[i];
            addFixed(i, o.fraction[i]);
        }
    }

    /**
     * Adds {@code total}'s sum {@code at} less {@code less}'s sum of sample i to each sample i's, exactly (the sums are
     * integers in units of 2<sup>−62</sup>): a kernel that adds a value to every sample but a few keeps one total and
     * the few's sums instead, then gets the same sums as adding it to each. {@code less}'s sums must not exceed the
     * total.
     */
    public void addTotalLess(FixedPointSums total, int at, FixedPointSums less) {
        if (less.units.length != units.length) {
            throw new IllegalArgumentException(
                    "subtracting sums of " + less.units.length + " from " + units.length + " samples");
        }
        long tu = total.units[at];
        long tf = total.fraction[at];
        for (int i = 0; i < units.length; i++) {
            long u = tu - less.units[i];
            long f = tf - less.fraction[i];
            if (f < 0) {
                u--;
                f += 1L << 62;
            }
            if (u < 0) {
                throw new IllegalArgumentException("sample " + i + "'s sum to subtract exceeds the total");
            }
            units[i] += u;
            addFixed(i, f);
        }
    }

    /** Sample i's sum as a double. */
    public double value(int i) {
        return units[i] + fraction[i] / SCALE;
    }

    /** Sample i's sum exactly, as units and 2<sup>−62</sup>ths (for tests that compare sums bit for bit). */
    String exact(int i) {
        return units[i] + "+" + fraction[i];
    }

    /** Samples. */
    public int size() {
        return units.length;
    }
}
