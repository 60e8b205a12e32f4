package org.musubi.format.calls;

import java.util.Arrays;
import java.util.Objects;

/**
 * A variant's call counts, the precomputed columns of the variant table: {@code n_called}, {@code
 * ac}, {@code an}, {@code n_het}, {@code n_hom_alt}, {@code n_hemi_alt} and {@code af}. A small
 * mutable accumulator: {@link #add} samples (or whole vectors), {@link #merge} partial counts (sample
 * blocks, banks), read the result. Not thread-safe.
 *
 * <p>Rules per sample, by ploidy code (a missing ploidy vector means all {@link PloidyCode#DIPLOID})
 * and genotype code:
 *
 * <pre>
 * ploidy    genotype   n_called  an  ac  counter
 * DIPLOID   HOM_REF    +1        +2
 * DIPLOID   HET        +1        +2  +1  n_het
 * DIPLOID   HOM_ALT    +1        +2  +2  n_hom_alt
 * HAPLOID   HOM_REF    +1        +1
 * HAPLOID   HOM_ALT    +1        +1  +1  n_hemi_alt
 * HALF_REF  MISSING              +1          (0/.: not called, the REF allele counts)
 * HALF_ALT  MISSING              +1  +1      (1/.: not called, the ALT allele counts)
 * DIPLOID or HAPLOID MISSING: nothing
 * </pre>
 *
 * A haploid HET, and a HALF_REF / HALF_ALT sample whose genotype is not MISSING, are invalid
 * ({@link IllegalArgumentException}).
 *
 * <p>From a {@link CallsView} without a ploidy vector, the counts come from the code histogram
 * ({@link CallsView#codeCounts}): O(K) for a SPARSE vector, so rare variants cost O(AC), and
 * word-at-a-time popcounts for a DENSE one; nothing is decoded. Then {@code an = 2 * (N - missing)}.
 */
public final class CallCounts {
    private long nCalled;
    private long ac;
    private long an;
    private long nHet;
    private long nHomAlt;
    private long nHemiAlt;

    // Scratch, reused across calls: not part of the value.
    private final int[] hist = new int[16];
    private byte[] scratch;

    /** Empty counts (all zero). */
    public CallCounts() {}

    /**
     * Counts {@code gt[0..n)} with ploidy codes {@code ploidyOrNull[0..n)} ({@code null} = all
     * diploid).
     *
     * @throws IllegalArgumentException if a code is not {@code 0..3} or a sample is invalid (see the
     *     class comment)
     */
    public static CallCounts of(byte[] gt, byte[] ploidyOrNull, int n) {
        return new CallCounts().add(gt, ploidyOrNull, n);
    }

    /**
     * Counts the vector of {@code calls} with ploidy codes {@code ploidyOrNull[0..N)} ({@code null} =
     * all diploid: then O(K) for a SPARSE vector, no decoding).
     */
    public static CallCounts of(CallsView calls, byte[] ploidyOrNull) {
        return new CallCounts().add(calls, ploidyOrNull);
    }

    /**
     * Adds one sample.
     *
     * @throws IllegalArgumentException if a code is not {@code 0..3} or the pair is invalid
     */
    public CallCounts add(int genotypeCode, int ploidyCode) {
        if (((genotypeCode | ploidyCode) & ~3) != 0) {
            throw new IllegalArgumentException(
                    "genotype code " + genotypeCode + " or ploidy code " + ploidyCode + " is not 0..3");
        }
        if (ploidyCode == PloidyCode.DIPLOID) {
            if (genotypeCode != GenotypeCode.MISSING) {
                nCalled++;
                an += 2;
                ac += genotypeCode; // HOM_REF 0, HET 1, HOM_ALT 2 ALT alleles
                nHet += genotypeCode == GenotypeCode.HET ? 1 : 0;
                nHomAlt += genotypeCode == GenotypeCode.HOM_ALT ? 1 : 0;
            }
        } else if (ploidyCode == PloidyCode.HAPLOID) {
            if (genotypeCode == GenotypeCode.HET) {
                throw new IllegalArgumentException("a haploid call cannot be HET");
            }
            if (genotypeCode != GenotypeCode.MISSING) {
                nCalled++;
                an++;
                if (genotypeCode == GenotypeCode.HOM_ALT) {
                    ac++;
                    nHemiAlt++;
                }
            }
        } else {
            if (genotypeCode != GenotypeCode.MISSING) {
                throw new IllegalArgumentException(
                        "a HALF_REF or HALF_ALT sample (0/. or 1/.) must have genotype code MISSING, not "
                                + genotypeCode);
            }
            an++;
            ac += ploidyCode == PloidyCode.HALF_ALT ? 1 : 0;
        }
        return this;
    }

    /**
     * Adds samples {@code gt[0..n)} with ploidy codes {@code ploidyOrNull[0..n)} ({@code null} = all
     * diploid).
     *
     * @throws IllegalArgumentException if a code is not {@code 0..3} or a sample is invalid, naming
     *     the first bad sample; nothing is added then
     */
    public CallCounts add(byte[] gt, byte[] ploidyOrNull, int n) {
        Objects.checkFromIndexSize(0, n, gt.length);
        if (ploidyOrNull == null) {
            int[] h = hist;
            TwoBitPacking.histogram(gt, n, h);
            addDiploid(n, h[1], h[2], h[3]);
            return this;
        }
        Objects.checkFromIndexSize(0, n, ploidyOrNull.length);
        int[] h = hist;
        Arrays.fill(h, 0);
        int bad = 0;
        for (int i = 0; i < n; i++) {
            int g = gt[i];
            int p = ploidyOrNull[i];
            bad |= g | p;
            h[((p << 2) | g) & 15]++;
        }
        String problem = (bad & ~3) != 0 ? "code outside 0..3" : invalidCombination(h);
        if (problem != null) {
            throw new IllegalArgumentException(firstBadSample(gt, ploidyOrNull, n) + ": " + problem);
        }
        addHistogram(h);
        return this;
    }

    /**
     * Adds the vector of {@code calls} with ploidy codes {@code ploidyOrNull[0..N)} ({@code null} =
     * all diploid). Without ploidy nothing is decoded: O(K) when SPARSE (any default), popcounts when
     * DENSE. With ploidy the vector is decoded into a scratch array kept by this object.
     */
    public CallCounts add(CallsView calls, byte[] ploidyOrNull) {
        int n = calls.sampleCount();
        if (ploidyOrNull == null) {
            int[] h = hist;
            calls.codeCounts(h);
            addDiploid(n, h[1], h[2], h[3]);
            return this;
        }
        if (ploidyOrNull.length < n) {
            throw new IllegalArgumentException(
                    "ploidy codes have length " + ploidyOrNull.length + ", the calls have N=" + n);
        }
        if (scratch == null || scratch.length < n) {
            scratch = new byte[n];
        }
        calls.decodeDense(scratch);
        return add(scratch, ploidyOrNull, n);
    }

    /**
     * Adds diploid samples from their code histogram ({@code codeCounts[c]}: samples with genotype code {@code c}),
     * as {@link #add(byte[], byte[], int)} with no ploidy counts the codes it histograms (e.g. {@link
     * TwoBitVector.Encoder#codeCounts} of a vector just encoded).
     */
    public CallCounts addDiploidCodeCounts(int[] codeCounts) {
        addDiploid(
                codeCounts[0] + codeCounts[1] + codeCounts[2] + codeCounts[3],
                codeCounts[1],
                codeCounts[2],
                codeCounts[3]);
        return this;
    }

    private void addDiploid(int n, int het, int homAlt, int missing) {
        long called = (long) n - missing;
        nCalled += called;
        an += 2 * called;
        ac += het + 2L * homAlt;
        nHet += het;
        nHomAlt += homAlt;
    }

    /** Adds a histogram indexed by {@code ploidy << 2 | genotype}, already checked. */
    private void addHistogram(int[] h) {
        int dipRef = h[(PloidyCode.DIPLOID << 2) | GenotypeCode.HOM_REF];
        int dipHet = h[(PloidyCode.DIPLOID << 2) | GenotypeCode.HET];
        int dipAlt = h[(PloidyCode.DIPLOID << 2) | GenotypeCode.HOM_ALT];
        int hapRef = h[(PloidyCode.HAPLOID << 2) | GenotypeCode.HOM_REF];
        int hapAlt = h[(PloidyCode.HAPLOID << 2) | GenotypeCode.HOM_ALT];
        int halfRef = h[(PloidyCode.HALF_REF << 2) | GenotypeCode.MISSING];
        int halfAlt = h[(PloidyCode.HALF_ALT << 2) | GenotypeCode.MISSING];
        long dipCalled = (long) dipRef + dipHet + dipAlt;
        nCalled += dipCalled + hapRef + hapAlt;
        an += 2 * dipCalled + hapRef + hapAlt + halfRef + halfAlt;
        ac += dipHet + 2L * dipAlt + hapAlt + halfAlt;
        nHet += dipHet;
        nHomAlt += dipAlt;
        nHemiAlt += hapAlt;
    }

    /** Why a histogram holds an invalid (ploidy, genotype) pair, or null. */
    private static String invalidCombination(int[] h) {
        if (h[(PloidyCode.HAPLOID << 2) | GenotypeCode.HET] != 0) {
            return "a haploid call cannot be HET";
        }
        for (int g = 0; g < 3; g++) {
            if (h[(PloidyCode.HALF_REF << 2) | g] != 0 || h[(PloidyCode.HALF_ALT << 2) | g] != 0) {
                return "a HALF_REF or HALF_ALT sample (0/. or 1/.) must have genotype code MISSING";
            }
        }
        return null;
    }

    private static String firstBadSample(byte[] gt, byte[] ploidy, int n) {
        for (int i = 0; i < n; i++) {
            int g = gt[i];
            int p = ploidy[i];
            if (((g | p) & ~3) != 0
                    || (p == PloidyCode.HAPLOID && g == GenotypeCode.HET)
                    || (p >= PloidyCode.HALF_REF && g != GenotypeCode.MISSING)) {
                return "sample " + i + " has genotype code " + g + " and ploidy code " + p;
            }
        }
        throw new AssertionError("no bad sample found");
    }

    /** Adds {@code other}'s counts to these (e.g. another block of samples or another bank). */
    public CallCounts merge(CallCounts other) {
        nCalled += other.nCalled;
        ac += other.ac;
        an += other.an;
        nHet += other.nHet;
        nHomAlt += other.nHomAlt;
        nHemiAlt += other.nHemiAlt;
        return this;
    }

    /** Resets every count to zero, to reuse this object for the next variant. */
    public CallCounts clear() {
        nCalled = 0;
        ac = 0;
        an = 0;
        nHet = 0;
        nHomAlt = 0;
        nHemiAlt = 0;
        return this;
    }

    /** Samples with a genotype code other than MISSING ({@code n_called}). */
    public long nCalled() {
        return nCalled;
    }

    /** ALT alleles among called alleles ({@code ac}), half-missing ALT alleles included. */
    public long ac() {
        return ac;
    }

    /** Called alleles ({@code an}): 2 a diploid call, 1 a haploid call or half-missing call. */
    public long an() {
        return an;
    }

    /** Diploid HET calls ({@code n_het}). */
    public long nHet() {
        return nHet;
    }

    /** Diploid HOM_ALT calls ({@code n_hom_alt}); haploid ALT calls are not included. */
    public long nHomAlt() {
        return nHomAlt;
    }

    /** Haploid ALT calls ({@code n_hemi_alt}). */
    public long nHemiAlt() {
        return nHemiAlt;
    }

    /** Allele frequency {@code ac / an}; NaN when {@code an == 0}. */
    public double af() {
        return an == 0 ? Double.NaN : (double) ac / an;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CallCounts)) {
            return false;
        }
        CallCounts c = (CallCounts) o;
        return nCalled == c.nCalled
                && ac == c.ac
                && an == c.an
                && nHet == c.nHet
                && nHomAlt == c.nHomAlt
                && nHemiAlt == c.nHemiAlt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nCalled, ac, an, nHet, nHomAlt, nHemiAlt);
    }

    @Override
    public String toString() {
        return "CallCounts{nCalled=" + nCalled + ", ac=" + ac + ", an=" + an + ", nHet=" + nHet + ", nHomAlt=" + nHomAlt
                + ", nHemiAlt=" + nHemiAlt + ", af=" + af() + "}";
    }
}
