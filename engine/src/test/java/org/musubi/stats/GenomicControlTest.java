package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.musubi.plot.GenomePlotsTest;

/**
 * λGC: the median χ² over its expectation (moved from GwasTaskTest), and computed from two passes over the values,
 * without holding them, equal to the sort of all values (moved from GwasPlotsTest).
 */
class GenomicControlTest {
    @Test
    void lambdaGcIsTheMedianChiSquareOverItsExpectation() {
        // P = 0.5 has chi-square = the median of chi2(1): lambda 1; NaN (failed variants) ignored
        double half = -Math.log10(0.5);
        assertThat(GenomicControl.lambda(new double[] {half, Double.NaN, 3, 0.01}, 4))
                .isCloseTo(1.0, within());
        // even count: the mean of the two middle chi-square values, not the chi-square of their mean P
        double p1 = -Math.log10(0.2);
        double p2 = -Math.log10(0.8);
        org.apache.commons.math3.distribution.ChiSquaredDistribution c =
                new org.apache.commons.math3.distribution.ChiSquaredDistribution(1);
        double expected = (c.inverseCumulativeProbability(0.8) + c.inverseCumulativeProbability(0.2))
                / 2
                / c.inverseCumulativeProbability(0.5);
        assertThat(GenomicControl.lambda(new double[] {p1, p2, 5, 0}, 4))
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(GenomicControl.lambda(new double[] {Double.NaN}, 1)).isNaN();
    }

    private static double streamedLambda(double[] v) throws IOException {
        long finite = 0;
        double max = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                finite++;
                max = Math.max(max, x);
            }
        }
        return GenomicControl.lambda(
                sink -> {
                    for (int i = 0; i < v.length; i++) {
                        sink.accept(v[i]);
                    }
                },
                finite,
                max);
    }

    @Test
    void streamedLambdaEqualsTheSortedMedian() throws IOException {
        for (int n : new int[] {1, 2, 3, 10, 11, 1000, 100_001, 200_000}) {
            double[] v = GenomePlotsTest.points(n, n);
            assertThat(streamedLambda(v)).as("n=%d", n).isEqualTo(GenomicControl.lambda(v, n));
        }
        assertThat(streamedLambda(new double[] {Double.NaN, Double.NaN})).isNaN();
        assertThat(streamedLambda(new double[] {0, 0, 0})).isEqualTo(GenomicControl.lambda(new double[] {0, 0, 0}, 3));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
