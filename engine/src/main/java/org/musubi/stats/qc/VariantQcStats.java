package org.musubi.stats.qc;

import java.io.Serializable;

/**
 * One variant's QC counts (plink2 {@code .vmiss}, {@code .hardy}, {@code .afreq} over founders) as {@link
 * SampleCounts#add} leaves them: a reusable buffer, overwritten by each variant.
 */
public final class VariantQcStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Missing calls among the counted samples (XY only on Y). */
    public int missing;
    /** Samples counted: all, or the XY samples on Y (plink2's OBS_CT). */
    public int obs;
    /** Founders' genotype counts used for HWE (XX founders on X; none on Y). */
    public int homRef;

    public int het;
    public int homAlt;
    /** Founders' allele counts (one per XY founder on X). */
    public int refAlleles;

    public int altAlleles;

    /**
     * Sets the counts of a variant counted as on an autosome with every sample a founder, from the table's stored
     * per-row counts of a row of ordinary diploid calls ({@code n_called}, {@code n_het}, {@code n_hom_alt}): what
     * {@link SampleCounts#add} counts from the same row's calls.
     */
    public void setStored(int samples, int called, int het, int homAlt) {
        missing = samples - called;
        obs = samples;
        setFounders(called - het - homAlt, het, homAlt);
    }

    /**
     * Sets the counts of a variant counted as on an autosome when some samples are not founders: {@link #setStored}'s
     * stored per-row counts over every sample (missing calls and OBS_CT), the founders' genotype counts being the
     * stored ones less the non-founders' calls, whose codes ({@code format.calls.GenotypeCode}: 0, 1, 2, 3 missing)
     * are {@code nonFounderCodes[off, off + m)}: what {@link SampleCounts#add} counts from the row's calls, reading
     * only the non-founders'.
     */
    public void setStoredLess(int samples, int called, int het, int homAlt, byte[] nonFounderCodes, int off, int m) {
        int hr = 0;
        int he = 0;
        int ha = 0;
        for (int i = off; i < off + m; i++) {
            int c = nonFounderCodes[i];
            hr += c == 0 ? 1 : 0;
            he += c == 1 ? 1 : 0;
            ha += c == 2 ? 1 : 0;
        }
        missing = samples - called;
        obs = samples;
        setFounders(called - het - homAlt - hr, het - he, homAlt - ha);
    }

    private void setFounders(int homRef, int het, int homAlt) {
        this.homRef = homRef;
        this.het = het;
        this.homAlt = homAlt;
        refAlleles = 2 * homRef + het;
        altAlleles = het + 2 * homAlt;
    }

    /** ALT frequency over the founders' alleles, NaN when none is called. */
    public double altFreq() {
        int t = refAlleles + altAlleles;
        return t == 0 ? Double.NaN : (double) altAlleles / t;
    }

    /** Minor allele frequency, NaN when no founder allele is called. */
    public double maf() {
        double f = altFreq();
        return Math.min(f, 1 - f);
    }

    /** Missing rate (plink2 F_MISS), NaN with no sample counted. */
    public double missingRate() {
        return obs == 0 ? Double.NaN : (double) missing / obs;
    }
}
