package org.musubi.stats.qc;

import java.io.Serializable;

/**
 * Per-sample QC counts over the variants a task reads, mergeable across tasks ({@link #merge}; integer counts and
 * {@link FixedPointSums}, so the merged totals do not depend on the number of tasks):
 *
 * <ul>
 *   <li>plink2 {@code --missing} ({@code .smiss}): missing calls and calls counted (Y: XY samples only);
 *   <li>plink2 {@code --het} on autosomes: per sample the called polymorphic variants (OBS_CT), het calls O(HET) and
 *       Σ 2p(1−p) over them, E(HET), p the founders' REF frequency (a variant with 2p(1−p) below plink2's
 *       {@code kSmallishEpsilon} is skipped as monomorphic); F = 1 − O(HET)/E(HET), O(HOM) = OBS_CT − O(HET),
 *       E(HOM) = OBS_CT − E(HET);
 *   <li>the sex check on X outside the PARs (PLINK 1.9 {@code --check-sex}, kept by plink2): the same three sums
 *       with p over founders counting one allele per XY founder (an XY het call counts none), variants with p
 *       within 1e-8 of 0 or 1, or no call, skipped.
 * </ul>
 *
 * {@link #add} also fills the variant's own counts ({@link VariantQcStats}). Arrays are in the block's sample
 * order; one per task, not thread-safe. {@link #variantsOnly} counts only the variants (variant QC without sample
 * QC): no per-sample array is kept or filled.
 */
public final class SampleCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    /** plink2's {@code kSmallishEpsilon}: variants whose 2p(1−p) is below it are monomorphic for {@code --het}. */
    public static final double HET_MONOMORPHIC = 0x1.0p-35;
    /** PLINK 1.9 {@code --check-sex}: X variants with a frequency within this of 0 or 1 are skipped. */
    public static final double SEX_MONOMORPHIC = 1e-8;

    private final QcSamples samples;
    public final int[] missing;
    public final int[] obs;
    public final int[] hetObs;
    public final int[] hetHet;
    public final FixedPointSums hetExpected;
    public final int[] xObs;
    public final int[] xHet;
    public final FixedPointSums xExpected;
    /** Variants counted: all, autosomal polymorphic ({@code --het}), X non-PAR polymorphic (sex check). */
    public long variants;

    public long hetVariants;
    public long xVariants;

    /** Whether the per-sample counts are kept ({@link #variantsOnly}: not). */
    private final boolean perSample;

    public SampleCounts(QcSamples samples) {
        this(samples, true);
    }

    private SampleCounts(QcSamples samples, boolean perSample) {
        this.samples = samples;
        this.perSample = perSample;
        int n = perSample ? samples.size() : 0;
        missing = new int[n];
        obs = new int[n];
        hetObs = new int[n];
        hetHet = new int[n];
        hetExpected = new FixedPointSums(n);
        xObs = new int[n];
        xHet = new int[n];
        xExpected = new FixedPointSums(n);
    }

    /**
     * Counts that {@link #add} fills only the variants' {@link VariantQcStats} with (the same values); its per-sample
     * arrays are empty and {@link #variants}, {@link #hetVariants}, {@link #xVariants} stay 0.
     */
    public static SampleCounts variantsOnly(QcSamples samples) {
        return new SampleCounts(samples, false);
    }

    /** The samples counted (the table's, in block order). */
    public int size() {
        return samples.size();
    }

    /**
     * Counts one variant: its codes for the {@code n} samples at {@code codes[off, off + n)}, in {@code region};
     * fills {@code v}.
     */
    public void add(byte[] codes, int off, Region region, VariantQcStats v) {
        int n = size();
        byte[] sex = samples.sex();
        boolean[] founder = samples.founder();
        boolean each = perSample;
        variants += each ? 1 : 0;
        int miss = 0;
        int counted = 0;
        int hr = 0;
        int he = 0;
        int ha = 0;
        int refA = 0;
        int altA = 0;
        for (int i = 0; i < n; i++) {
            int c = codes[off + i];
            if (region == Region.Y && sex[i] != QcSamples.XY) {
                continue;
            }
            counted++;
            if (each) {
                obs[i]++;
            }
            if (c == 3) {
                if (each) {
                    missing[i]++;
                }
                miss++;
                continue;
            }
            if (!founder[i]) {
                continue;
            }
            if (region.isX() && sex[i] != QcSamples.XX) {
                if (sex[i] == QcSamples.XY && c != 1) {
                    refA += c == 0 ? 1 : 0;
                    altA += c == 2 ? 1 : 0;
                }
                continue;
            }
            if (region == Region.Y) {
                continue;
            }
            switch (c) {
                case 0 -> hr++;
                case 1 -> he++;
                default -> ha++;
            }
        }
        refA += 2 * hr + he;
        altA += he + 2 * ha;
        v.missing = miss;
        v.obs = counted;
        v.homRef = hr;
        v.het = he;
        v.homAlt = ha;
        v.refAlleles = refA;
        v.altAlleles = altA;
        if (!each) {
            return;
        }
        if (region == Region.AUTOSOME) {
            addHet(codes, off, v);
        } else if (region == Region.X_NONPAR) {
            addX(codes, off, v);
        }
    }

    /**
     * An autosomal variant's term of {@code --het}'s E(HET), 2p(1−p) over its founders' alleles ({@code v}), or NaN
     * when {@code --het} skips it (no founder allele called, or monomorphic).
     */
    static double hetExpectation(VariantQcStats v) {
        int t = v.refAlleles + v.altAlleles;
        if (t == 0) {
            return Double.NaN;
        }
        double ref = (double) v.refAlleles / t;
        double ehet = 2 * ref * (1 - ref);
        return ehet < HET_MONOMORPHIC ? Double.NaN : ehet;
    }

    /**
     * An X non-PAR variant's term of the sex check's expected heterozygosity, 2p(1−p), or NaN when the check skips it
     * (no founder allele or no call, or p within {@link #SEX_MONOMORPHIC} of 0 or 1).
     */
    static double xExpectation(VariantQcStats v) {
        int t = v.refAlleles + v.altAlleles;
        if (t == 0 || v.missing == v.obs) {
            return Double.NaN;
        }
        double p = (double) v.refAlleles / t;
        if (p < SEX_MONOMORPHIC || p > 1 - SEX_MONOMORPHIC) {
            return Double.NaN;
        }
        return 2 * p * (1 - p);
    }

    private void addHet(byte[] codes, int off, VariantQcStats v) {
        double ehet = hetExpectation(v);
        if (Double.isNaN(ehet)) {
            return;
        }
        hetVariants++;
        long e = FixedPointSums.fixed(ehet);
        for (int i = 0; i < size(); i++) {
            int c = codes[off + i];
            if (c != 3) {
                hetObs[i]++;
                hetHet[i] += c == 1 ? 1 : 0;
                hetExpected.addFixed(i, e);
            }
        }
    }

    private void addX(byte[] codes, int off, VariantQcStats v) {
        double ex = xExpectation(v);
        if (Double.isNaN(ex)) {
            return;
        }
        xVariants++;
        long e = FixedPointSums.fixed(ex);
        for (int i = 0; i < size(); i++) {
            int c = codes[off + i];
            if (c != 3) {
                xObs[i]++;
                xHet[i] += c == 1 ? 1 : 0;
                xExpected.addFixed(i, e);
            }
        }
    }

    /** Adds another task's counts (same samples). */
    public void merge(SampleCounts o) {
        if (o.size() != size() || o.perSample != perSample) {
            throw new IllegalArgumentException("merging counts of " + o.size() + " and " + size() + " samples");
        }
        for (int i = 0; i < missing.length; i++) {
            missing[i] += o.missing[i];
            obs[i] += o.obs[i];
            hetObs[i] += o.hetObs[i];
            hetHet[i] += o.hetHet[i];
            xObs[i] += o.xObs[i];
            xHet[i] += o.xHet[i];
        }
        hetExpected.merge(o.hetExpected);
        xExpected.merge(o.xExpected);
        variants += o.variants;
        hetVariants += o.hetVariants;
        xVariants += o.xVariants;
    }

    /** plink2 {@code --het} F of sample i: 1 − O(HET)/E(HET); NaN without a counted variant. */
    public double hetF(int i) {
        return 1.0 - hetHet[i] / hetExpected.value(i);
    }

    /**
     * The sex check's F of sample i, as PLINK 1.9 computes it: (N − E(HOM) − O(HET)) / (N − E(HOM)), NaN without a
     * counted variant.
     */
    public double xF(int i) {
        if (xObs[i] == 0) {
            return Double.NaN;
        }
        double eHom = xObs[i] - xExpected.value(i);
        double tot = xObs[i] - eHom;
        return (tot - xHet[i]) / tot;
    }
}
