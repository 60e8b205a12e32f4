package org.musubi.freq;

import java.io.Serializable;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Allele counts of one stratum at one variant, mergeable (per-bank or per-partition accumulators add up exactly).
 *
 * <p>Ploidy-aware, as gnomAD (../shared/SPECS.md §4.1): {@link #add} takes the ploidy the sample is expected to
 * have at the site ({@link #expectedPloidy}): 2 on autosomes, the PARs and for XX on X; 1 for XY on X outside the
 * PARs and on Y; 0 for XX on Y (the call is ignored). In a haploid region a diploid-coded homozygous call counts
 * as one allele (a hemizygous call) and a heterozygous one is not counted (set to missing, as gnomAD). A
 * haploid-coded call counts 1 wherever it is. Half calls ({@code 0/.}, {@code 1/.}) count their called allele in
 * AC/AN, as bcftools, but not in {@code n_called}, as PLINK 2.
 *
 * <p>{@code nhomalt} counts diploid hom-ALT individuals plus hemizygous ALT ones (gnomAD's convention for XY);
 * {@code nhemialt} gives the hemizygous part so that bcftools' {@code AC_Hom} is {@code 2 (nhomalt - nhemialt)}.
 */
public final class AlleleCountAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long ac;
    private long an;
    private long nHomRef;
    private long nHet;
    private long nHomAlt;
    private long nHemiRef;
    private long nHemiAlt;
    private long nCalled;
    private long nHetInHaploid;

    /** Counts of a stratum; {@code af} is NaN when AN = 0. */
    public record Result(
            long ac,
            long an,
            double af,
            long nhomalt,
            long nhemialt,
            long nCalled,
            long nHet,
            long nHomRef,
            long nHetInHaploid) {}

    /**
     * The ploidy a sample should have at a site: 0, 1 or 2.
     *
     * @param sex "XX", "XY" or null (unknown: treated as diploid, as coded)
     * @param xNonPar the site is on X outside the PARs
     * @param y the site is on Y
     */
    public static int expectedPloidy(String sex, boolean xNonPar, boolean y) {
        if (y) {
            if ("XX".equals(sex)) {
                return 0;
            }
            return 1;
        }
        if (xNonPar && "XY".equals(sex)) {
            return 1;
        }
        return 2;
    }

    /**
     * Adds one sample's call.
     *
     * @param genotype {@link GenotypeCode}
     * @param ploidy {@link PloidyCode} (DIPLOID when the row has no ploidy vector)
     * @param expected the expected ploidy from {@link #expectedPloidy}
     */
    public void add(int genotype, int ploidy, int expected) {
        if (expected == 0) {
            return;
        }
        if (ploidy == PloidyCode.HALF_REF || ploidy == PloidyCode.HALF_ALT) {
            an++;
            if (ploidy == PloidyCode.HALF_ALT) {
                ac++;
            }
            return;
        }
        if (genotype == GenotypeCode.MISSING) {
            return;
        }
        if (ploidy == PloidyCode.HAPLOID || expected == 1) {
            switch (genotype) {
                case GenotypeCode.HOM_REF -> {
                    an++;
                    nHemiRef++;
                    nCalled++;
                }
                case GenotypeCode.HOM_ALT -> {
                    an++;
                    ac++;
                    nHemiAlt++;
                    nCalled++;
                }
                default -> nHetInHaploid++; // a het call where one allele is expected: missing
            }
            return;
        }
        an += 2;
        nCalled++;
        switch (genotype) {
            case GenotypeCode.HOM_REF -> nHomRef++;
            case GenotypeCode.HET -> {
                nHet++;
                ac++;
            }
            default -> {
                nHomAlt++;
                ac += 2;
            }
        }
    }

    /** Adds {@code times} samples with the same call: the same counts as {@code times} calls of {@link #add}. */
    public void add(int genotype, int ploidy, int expected, long times) {
        if (expected == 0 || times == 0) {
            return;
        }
        if (times < 0) {
            throw new IllegalArgumentException("negative sample count: " + times);
        }
        if (ploidy == PloidyCode.HALF_REF || ploidy == PloidyCode.HALF_ALT) {
            an += times;
            if (ploidy == PloidyCode.HALF_ALT) {
                ac += times;
            }
            return;
        }
        if (genotype == GenotypeCode.MISSING) {
            return;
        }
        if (ploidy == PloidyCode.HAPLOID || expected == 1) {
            switch (genotype) {
                case GenotypeCode.HOM_REF -> {
                    an += times;
                    nHemiRef += times;
                    nCalled += times;
                }
                case GenotypeCode.HOM_ALT -> {
                    an += times;
                    ac += times;
                    nHemiAlt += times;
                    nCalled += times;
                }
                default -> nHetInHaploid += times;
            }
            return;
        }
        an += 2 * times;
        nCalled += times;
        switch (genotype) {
            case GenotypeCode.HOM_REF -> nHomRef += times;
            case GenotypeCode.HET -> {
                nHet += times;
                ac += times;
            }
            default -> {
                nHomAlt += times;
                ac += 2 * times;
            }
        }
    }

    /** Adds another accumulator's counts into this one. */
    public AlleleCountAccumulator merge(AlleleCountAccumulator o) {
        ac += o.ac;
        an += o.an;
        nHomRef += o.nHomRef;
        nHet += o.nHet;
        nHomAlt += o.nHomAlt;
        nHemiRef += o.nHemiRef;
        nHemiAlt += o.nHemiAlt;
        nCalled += o.nCalled;
        nHetInHaploid += o.nHetInHaploid;
        return this;
    }

    public void clear() {
        ac = an = nHomRef = nHet = nHomAlt = nHemiRef = nHemiAlt = nCalled = nHetInHaploid = 0;
    }

    /** Diploid genotype counts for the HWE test: hom-ref, het, hom-alt. */
    public long[] diploidCounts() {
        return new long[] {nHomRef, nHet, nHomAlt};
    }

    public Result result() {
        return new Result(
                ac,
                an,
                an == 0 ? Double.NaN : (double) ac / an,
                nHomAlt + nHemiAlt,
                nHemiAlt,
                nCalled,
                nHet,
                nHomRef + nHemiRef,
                nHetInHaploid);
    }
}
