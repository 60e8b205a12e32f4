package org.musubi.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Heterogeneity of one allele's frequency across B groups (banks): a 2 × B table of allele counts, row 1 the ALT
 * counts {@code ac[b]}, row 2 the other alleles {@code an[b] - ac[b]}. Groups with {@code an = 0} are left out.
 *
 * <p>Rule (Cochran's): with exactly two groups and an expected count below 5 in any cell, Fisher's exact test
 * (two-sided: the sum of the probabilities of every table with the same margins that is no more probable than the
 * observed one, with R's and SciPy's relative tolerance of 1e-7 on that comparison); otherwise Pearson's χ² without
 * continuity correction, df = B − 1 (SciPy {@code chi2_contingency(correction=False)}). With more than two groups
 * and small expected counts the χ² P is an approximation; {@link Result#smallExpected()} says so. An allele that is
 * absent (or fixed) in every group, or fewer than two groups with data, cannot be tested ({@link Method#NONE}).
 */
public final class AlleleHeterogeneity {
    private AlleleHeterogeneity() {}

    /** Smallest expected count for the χ² approximation (Cochran 1954). */
    public static final double MIN_EXPECTED = 5;

    /** Relative tolerance when comparing table probabilities in Fisher's test (R's and SciPy's). */
    private static final double FISHER_RELATIVE_TOLERANCE = 1 + 1e-7;

    public enum Method {
        CHISQ,
        FISHER,
        NONE
    }

    /**
     * @param method the test used
     * @param groups groups with AN > 0
     * @param chisq Pearson's statistic (NaN when not tested; also given when Fisher's test was used)
     * @param df B − 1 (0 when not tested)
     * @param lnP natural log of the P value (NaN when not tested)
     * @param smallExpected some expected count is below {@link #MIN_EXPECTED}
     */
    public record Result(Method method, int groups, double chisq, int df, double lnP, boolean smallExpected) {
        public double p() {
            return Math.exp(lnP);
        }
    }

    /** Tests the counts of the first {@code b} groups. */
    public static Result test(long[] ac, long[] an, int b) {
        int groups = 0;
        long totalAc = 0;
        long totalAn = 0;
        for (int i = 0; i < b; i++) {
            if (ac[i] < 0 || an[i] < ac[i]) {
                throw new IllegalArgumentException("group " + i + ": AC " + ac[i] + ", AN " + an[i]);
            }
            if (an[i] > 0) {
                groups++;
                totalAc += ac[i];
                totalAn += an[i];
            }
        }
        if (groups < 2 || totalAc == 0 || totalAc == totalAn) {
            return new Result(Method.NONE, groups, Double.NaN, 0, Double.NaN, false);
        }
        double chisq = 0;
        boolean small = false;
        double rowAlt = totalAc;
        double rowRef = totalAn - totalAc;
        for (int i = 0; i < b; i++) {
            if (an[i] == 0) {
                continue;
            }
            double eAlt = rowAlt * an[i] / totalAn;
            double eRef = rowRef * an[i] / totalAn;
            small |= eAlt < MIN_EXPECTED || eRef < MIN_EXPECTED;
            double dAlt = ac[i] - eAlt;
            double dRef = (an[i] - ac[i]) - eRef;
            chisq += dAlt * dAlt / eAlt + dRef * dRef / eRef;
        }
        int df = groups - 1;
        if (groups == 2 && small) {
            long[] a = new long[2];
            long[] n = new long[2];
            int j = 0;
            for (int i = 0; i < b; i++) {
                if (an[i] > 0) {
                    a[j] = ac[i];
                    n[j++] = an[i];
                }
            }
            double p = fisherExactP(a[0], n[0] - a[0], a[1], n[1] - a[1]);
            return new Result(Method.FISHER, groups, chisq, df, Math.log(p), true);
        }
        return new Result(Method.CHISQ, groups, chisq, df, Distributions.chisqToLnP(chisq, df), small);
    }

    /**
     * Two-sided P of Fisher's exact test on the 2 × 2 table {@code [[a, b], [c, d]]}: the total probability, under
     * the hypergeometric law with the table's margins, of the tables no more probable than the observed one.
     */
    public static double fisherExactP(long a, long b, long c, long d) {
        long row1 = a + b;
        long col1 = a + c;
        long n = a + b + c + d;
        long lo = Math.max(0, col1 - (n - row1));
        long hi = Math.min(row1, col1);
        double lnObs = lnHypergeometric(a, row1, col1, n);
        // probabilities relative to the observed table's, so that nothing underflows near the observed one
        double sum = 0;
        for (long x = lo; x <= hi; x++) {
            double ln = lnHypergeometric(x, row1, col1, n);
            if (ln - lnObs <= Math.log(FISHER_RELATIVE_TOLERANCE)) {
                sum += Math.exp(ln - lnObs);
            }
        }
        return Math.min(1, sum * Math.exp(lnObs));
    }

    /** ln P(X = x) for X ~ Hypergeometric(population n, successes col1, draws row1). */
    private static double lnHypergeometric(long x, long row1, long col1, long n) {
        return lnChoose(col1, x) + lnChoose(n - col1, row1 - x) - lnChoose(n, row1);
    }

    private static double lnChoose(long n, long k) {
        return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
    }
}
