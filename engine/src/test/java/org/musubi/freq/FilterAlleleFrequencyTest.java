package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * FAF against an independent reference written here: the largest AF on the 10⁻⁶ grid whose 95% (99%) upper Poisson
 * quantile of the allele count is below AC, found by bisection over the grid with a Poisson CDF summed term by term
 * in log space (no special functions, no root finder).
 */
class FilterAlleleFrequencyTest {
    /** P(X ≤ k), X ~ Poisson(λ), by summing the pmf in log space. */
    static double cdfRef(long k, double lambda) {
        if (lambda == 0) {
            return 1;
        }
        double lnTerm = -lambda; // ln P(X = 0)
        double max = lnTerm;
        double[] terms = new double[(int) k + 1];
        terms[0] = lnTerm;
        for (int j = 1; j <= k; j++) {
            lnTerm += Math.log(lambda) - Math.log(j);
            terms[j] = lnTerm;
            max = Math.max(max, lnTerm);
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return Math.min(1, Math.exp(max) * s);
    }

    /** qpois(ci, an·af) < ac ⟺ P(X ≤ ac - 1) ≥ ci. */
    static boolean belowRef(long ac, long an, double af, double ci) {
        return cdfRef(ac - 1, an * af) >= ci;
    }

    static double fafRef(long ac, long an, double ci) {
        if (ac <= 1 || an == 0) {
            return 0;
        }
        long lo = 0; // grid index i: af = i * 1e-6; below at 0
        long hi = 2_000_000;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (belowRef(ac, an, mid * 1e-6, ci)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo * 1e-6;
    }

    @Test
    void gridAgainstBruteForceReference() {
        long[] acs = {0, 1, 2, 3, 4, 5, 7, 10, 20, 37, 50, 100, 250, 1000};
        long[] ans = {2, 10, 36, 100, 1000, 5008, 20_000, 152_312, 1_000_000};
        List<String> bad = new ArrayList<>();
        double maxDiff = 0;
        int cases = 0;
        for (double ci : new double[] {0.95, 0.99}) {
            for (long an : ans) {
                for (long ac : acs) {
                    if (ac > an) {
                        continue;
                    }
                    double ours = FilterAlleleFrequency.faf(ac, an, ci);
                    double ref = fafRef(ac, an, ci);
                    cases++;
                    maxDiff = Math.max(maxDiff, Math.abs(ours - ref));
                    // Hail's walk is on a 1e-6 grid offset by the rounded root, so both are the last point of a
                    // 1e-6 grid below the same boundary: they differ by less than one step.
                    if (Math.abs(ours - ref) >= 1e-6) {
                        bad.add("ac=" + ac + " an=" + an + " ci=" + ci + ": ours " + ours + " ref " + ref);
                    }
                    if (ac > 1 && (!belowRef(ac, an, ours, ci) || belowRef(ac, an, ours + 1.0001e-6, ci))) {
                        bad.add("ac=" + ac + " an=" + an + " ci=" + ci + ": " + ours + " is not the last grid point");
                    }
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(cases).isGreaterThan(200);
        assertThat(maxDiff).isLessThan(1e-6);
    }

    @Test
    void singletonsAndEmptyAreZeroAndFafIsBelowAf() {
        assertThat(FilterAlleleFrequency.faf95(1, 1000)).isZero();
        assertThat(FilterAlleleFrequency.faf95(0, 1000)).isZero();
        assertThat(FilterAlleleFrequency.faf95(5, 0)).isZero();
        for (long ac = 2; ac < 200; ac += 7) {
            double f95 = FilterAlleleFrequency.faf95(ac, 5008);
            double f99 = FilterAlleleFrequency.faf99(ac, 5008);
            assertThat(f95).isPositive().isLessThan((double) ac / 5008);
            assertThat(f99).isPositive().isLessThan(f95);
        }
    }

    @Test
    void memoisedPairsIntoTheCallersArrayEqualTheDirectValues() {
        double[] out = new double[2];
        long[][] cases = {{0, 10}, {1, 10}, {5, 0}, {2, 5008}, {37, 40_000}, {1L << 31, 1L << 32}, {999, 152_312}};
        for (int twice = 0; twice < 2; twice++) { // a miss, then a hit
            for (long[] c : cases) {
                out[0] = out[1] = -1;
                FilterAlleleFrequency.faf95And99(c[0], c[1], out);
                assertThat(out)
                        .as("ac %d an %d", c[0], c[1])
                        .containsExactly(FilterAlleleFrequency.faf95And99(c[0], c[1]));
                assertThat(out[0]).isEqualTo(FilterAlleleFrequency.faf95(c[0], c[1]));
                assertThat(out[1]).isEqualTo(FilterAlleleFrequency.faf99(c[0], c[1]));
            }
        }
    }

    @Test
    void qpoisIsTheSmallestQuantile() {
        assertThat(FilterAlleleFrequency.qpois(0.99, 1)).isEqualTo(4); // Hail's docstring example
        assertThat(FilterAlleleFrequency.qpois(0.95, 0)).isZero();
        for (double lambda : new double[] {0.01, 0.5, 3, 17.5, 400, 123_456.7}) {
            long k = FilterAlleleFrequency.qpois(0.95, lambda);
            assertThat(cdfRef(k, lambda)).isGreaterThanOrEqualTo(0.95 - 1e-12);
            if (k > 0) {
                assertThat(cdfRef(k - 1, lambda)).isLessThan(0.95 + 1e-12);
            }
        }
    }

    @Test
    void thresholdTableGivesTheDirectEvaluationsBits() {
        // The threshold table only answers away from a threshold; every FAF must equal the all-direct one to the bit.
        SplittableRandom r = new SplittableRandom(17);
        List<String> bad = new ArrayList<>();
        int cases = 0;
        long[] fixedAn = {2, 4, 36, 1000, 4000, 5008, 40_000, 152_312, 400_000, 2_000_000};
        for (int i = 0; i < 3000; i++) {
            long an =
                    i < 1000 ? fixedAn[i % fixedAn.length] - (i % 7 == 0 ? r.nextInt(3) : 0) : 2 + r.nextLong(400_000);
            an = Math.max(2, an);
            // half rare (the common case), half across the whole range
            long ac = i % 2 == 0 ? 2 + r.nextLong(Math.min(an, 60)) : 2 + r.nextLong(an);
            ac = Math.min(ac, an);
            for (double ci : new double[] {FilterAlleleFrequency.CI95, FilterAlleleFrequency.CI99}) {
                double fast = FilterAlleleFrequency.faf(ac, an, ci);
                double direct = FilterAlleleFrequency.fafDirect(ac, an, ci);
                cases++;
                if (Double.doubleToRawLongBits(fast) != Double.doubleToRawLongBits(direct)) {
                    bad.add("ac=" + ac + " an=" + an + " ci=" + ci + ": table " + fast + " direct " + direct);
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(cases).isEqualTo(6000);
    }

    @Test
    void thresholdTableQuantilesMatchQpois() {
        SplittableRandom r = new SplittableRandom(1717);
        for (PoissonThresholds t : new PoissonThresholds[] {PoissonThresholds.CI95, PoissonThresholds.CI99}) {
            int unsure = 0;
            for (int i = 0; i < 20_000; i++) {
                double lambda = Math.exp(r.nextDouble(-12, 14));
                long k = t.quantile(lambda);
                if (k == PoissonThresholds.UNSURE) {
                    unsure++;
                    continue;
                }
                assertThat(k).as("lambda %s", lambda).isEqualTo(FilterAlleleFrequency.qpois(t.level(), lambda));
            }
            assertThat(unsure).isLessThan(200);
            // exactly at a threshold the table defers to the direct evaluation
            assertThat(t.atMost(10, t.threshold(10))).isEqualTo(PoissonThresholds.UNSURE);
        }
    }
}
