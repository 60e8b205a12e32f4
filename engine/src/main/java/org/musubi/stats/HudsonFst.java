package org.musubi.stats;

/**
 * Hudson's F<sub>ST</sub> between two groups as Bhatia, Patterson, Sankararaman and Price (2013, Genome Res.
 * 23:1514, eq. 10) estimate it, and PLINK 2's {@code --fst method=hudson} computes it: per variant, with ALT
 * frequencies p<sub>i</sub> = AC<sub>i</sub>/AN<sub>i</sub> over n<sub>i</sub> = AN<sub>i</sub> sampled alleles,
 *
 * <pre>
 *   N = (p1 − p2)² − p1(1 − p1)/(n1 − 1) − p2(1 − p2)/(n2 − 1)
 *   D = p1(1 − p2) + p2(1 − p1)
 * </pre>
 *
 * and over variants the ratio of averages ΣN / ΣD (Bhatia et al.'s recommendation: an average of per-variant
 * ratios is dominated by rare variants). Variants with D = 0 (the allele absent, or fixed, in both groups) or
 * n<sub>i</sub> < 2 are not counted ({@link #variants()}). A mergeable accumulator.
 */
public final class HudsonFst implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private double numerator;
    private double denominator;
    private long variants;

    /** Adds one variant's counts; returns whether it was counted. */
    public boolean add(long ac1, long an1, long ac2, long an2) {
        if (an1 < 2 || an2 < 2) {
            return false;
        }
        double p1 = (double) ac1 / an1;
        double p2 = (double) ac2 / an2;
        double d = p1 * (1 - p2) + p2 * (1 - p1);
        if (!(d > 0)) {
            return false;
        }
        double diff = p1 - p2;
        numerator += diff * diff - p1 * (1 - p1) / (an1 - 1) - p2 * (1 - p2) / (an2 - 1);
        denominator += d;
        variants++;
        return true;
    }

    public HudsonFst merge(HudsonFst o) {
        numerator += o.numerator;
        denominator += o.denominator;
        variants += o.variants;
        return this;
    }

    /** ΣN / ΣD; NaN when no variant was counted. */
    public double fst() {
        return variants == 0 ? Double.NaN : numerator / denominator;
    }

    public long variants() {
        return variants;
    }

    public double numerator() {
        return numerator;
    }

    public double denominator() {
        return denominator;
    }
}
