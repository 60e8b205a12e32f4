package org.musubi.stats;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.DoubleConsumer;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The genomic-control inflation factor λGC = median(χ²₁) / 0.4549 (the median of the χ²₁ distribution), χ²₁ from
 * each −log10 P (NaN ignored); with an even count the median is the mean of the two middle χ² values. From an array
 * ({@link #lambda(double[], int)}; meta) or streamed in two passes over values that are not held ({@link
 * #lambda(Values, long, double)}; gwas, whose points are in files); both give the same value (tested).
 */
public final class GenomicControl {
    private GenomicControl() {}

    /** Median of the 1-df χ² distribution: λGC = median(χ²) / this. */
    static final double CHISQ1_MEDIAN = 0.45493642311957283;

    /** λGC of the first {@code count} values of {@code negLog10P}; NaN when none is finite. */
    public static double lambda(double[] negLog10P, int count) {
        double[] v = new double[count];
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (!Double.isNaN(negLog10P[i])) {
                v[k++] = negLog10P[i];
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        Arrays.sort(v, 0, k);
        return k % 2 == 1 ? lambdaOfMiddle(v[k / 2], v[k / 2]) : lambdaOfMiddle(v[k / 2 - 1], v[k / 2]);
    }

    /** Replays the −log10 P values (NaN among them) in the same order each time. */
    @FunctionalInterface
    public interface Values {
        void forEach(DoubleConsumer sink) throws IOException;
    }

    /**
     * λGC of the values of {@code source} ({@code finite} of them not NaN, the largest {@code maxNlp}), in two passes
     * and memory for one histogram bin's values: a histogram of −log10 P over 2^16 bins finds the bins of the middle
     * rank(s); only the values of those bins are kept and sorted.
     */
    public static double lambda(Values source, long finite, double maxNlp) throws IOException {
        if (finite == 0) {
            return Double.NaN;
        }
        final int bins = 1 << 16;
        long[] hist = new long[bins];
        source.forEach(nlp -> {
            if (!Double.isNaN(nlp)) {
                hist[bin(nlp, maxNlp, bins)]++;
            }
        });
        long r2 = finite / 2;
        long r1 = finite % 2 == 1 ? r2 : r2 - 1;
        int b1 = -1;
        int b2 = -1;
        long before1 = 0;
        long before2 = 0;
        long seen = 0;
        for (int b = 0; b < bins && b2 < 0; b++) {
            if (b1 < 0 && seen + hist[b] > r1) {
                b1 = b;
                before1 = seen;
            }
            if (seen + hist[b] > r2) {
                b2 = b;
                before2 = seen;
            }
            seen += hist[b];
        }
        double[] v1 = new double[(int) hist[b1]];
        double[] v2 = b2 == b1 ? v1 : new double[(int) hist[b2]];
        int[] n = new int[2];
        int fb1 = b1;
        int fb2 = b2;
        source.forEach(nlp -> {
            if (!Double.isNaN(nlp)) {
                int b = bin(nlp, maxNlp, bins);
                if (b == fb1) {
                    v1[n[0]++] = nlp;
                } else if (b == fb2) {
                    v2[n[1]++] = nlp;
                }
            }
        });
        Arrays.sort(v1);
        if (v2 != v1) {
            Arrays.sort(v2);
        }
        return lambdaOfMiddle(v1[(int) (r1 - before1)], v2[(int) (r2 - before2)]);
    }

    private static int bin(double nlp, double maxNlp, int bins) {
        if (!(nlp > 0) || maxNlp <= 0) {
            return 0;
        }
        return (int) Math.min(bins - 1, nlp / maxNlp * bins);
    }

    /**
     * λGC from the middle −log10 P value(s) (the same value twice for an odd count): the mean of their χ²₁ over the
     * χ²₁ median (χ²₁ is monotone in −log10 P, so the median χ² is that of the middle value(s)).
     */
    static double lambdaOfMiddle(double lower, double upper) {
        double median = lower == upper ? chiSquare1(lower) : (chiSquare1(lower) + chiSquare1(upper)) / 2;
        return median / CHISQ1_MEDIAN;
    }

    /** The 1-df χ² statistic of a two-sided P given as -log10 P. */
    private static double chiSquare1(double negLog10P) {
        double p = Math.pow(10, -negLog10P);
        double z = new NormalDistribution().inverseCumulativeProbability(p / 2);
        return z * z;
    }
}
