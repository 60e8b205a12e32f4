package org.musubi.stats.pca;

import java.io.Serializable;

/**
 * An array of signed sums kept in 64.62 fixed point (a {@code long} of whole units and a {@code long} of
 * 2<sup>−62</sup> fractions each), so that the totals do not depend on the order of the additions: the PCA passes
 * add each chunk's double products here, and the driver's merge gives the same GRM and Krylov panels whatever the
 * number of tasks. Each addition truncates below 2<sup>−62</sup>; whole parts up to 2<sup>62</sup>.
 */
public final class ExactSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double SCALE = 0x1.0p62;
    private static final long MASK = (1L << 62) - 1;

    private final long[] units;
    private final long[] fraction;

    public ExactSums(int size) {
        this.units = new long[size];
        this.fraction = new long[size];
    }

    public int size() {
        return units.length;
    }

    /** Adds {@code v[0, size)} element-wise; NaN or infinite values are refused. */
    public void add(double[] v) {
        for (int i = 0; i < units.length; i++) {
            double x = v[i];
            if (x == 0) {
                continue;
            }
            if (!(Math.abs(x) < 0x1.0p61)) {
                throw new IllegalArgumentException("exact sums take finite values below 2^61: " + x);
            }
            double whole = Math.floor(x);
            units[i] += (long) whole;
            addFraction(i, (long) ((x - whole) * SCALE));
        }
    }

    private void addFraction(int i, long f) {
        long s = fraction[i] + f;
        units[i] += s >>> 62;
        fraction[i] = s & MASK;
    }

    public void merge(ExactSums o) {
        if (o.units.length != units.length) {
            throw new IllegalArgumentException("merging sums of " + o.units.length + " and " + units.length);
        }
        for (int i = 0; i < units.length; i++) {
            units[i] += o.units[i];
            addFraction(i, o.fraction[i]);
        }
    }

    /** Sum i as a double. */
    public double value(int i) {
        return units[i] + fraction[i] / SCALE;
    }

    /** All sums as doubles, each divided by {@code divisor}. */
    public double[] values(double divisor) {
        double[] out = new double[units.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i) / divisor;
        }
        return out;
    }
}
