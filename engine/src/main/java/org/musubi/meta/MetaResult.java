package org.musubi.meta;

import java.io.Serializable;
import org.musubi.stats.MetaAnalysis;

/**
 * The meta-analysis of one variant. Allele1 is the effect allele every study was aligned to: the ALT of the first
 * study (in input order) that has the variant, when that study's file says which allele is REF ({@code ref_allele}
 * or a {@code chr_pos_REF_ALT} {@code variant_id}), else that study's effect allele (METAL's rule: the first
 * file's allele). Allele2 is the other one.
 *
 * @param markerName {@code chromosome:position:Allele2:Allele1} (REF:ALT when REF is known)
 * @param refKnown whether Allele2 is the forward-strand REF
 * @param direction one of {@code + - 0 ?} per study, in input order ({@code ?}: no usable record)
 * @param effect combined effect (NaN in the sample-size scheme)
 * @param stdErr its standard error (NaN in the sample-size scheme)
 * @param weight Σ N (sample-size scheme; NaN otherwise)
 * @param z combined Z score
 * @param lnP ln of the two-sided P
 * @param n Σ n over the studies combined, NaN when a study gives none
 * @param swapped studies whose effect allele was Allele2 (β and EAF flipped)
 * @param strandFlipped studies on the other strand (alleles complemented)
 * @param palindromicByEaf A/T or C/G studies aligned by their allele frequency
 * @param seFromCi studies whose standard error was derived from the confidence interval
 */
public record MetaResult(
        String chrom,
        int pos,
        String markerName,
        String allele1,
        String allele2,
        boolean refKnown,
        String rsid,
        int studies,
        String direction,
        double freq1,
        double freqSe,
        double minFreq,
        double maxFreq,
        double effect,
        double stdErr,
        double weight,
        double z,
        double lnP,
        double hetISq,
        double hetChiSq,
        int hetDf,
        double hetLnP,
        double tau2,
        double effectRandom,
        double stdErrRandom,
        double lnPRandom,
        double n,
        int swapped,
        int strandFlipped,
        int palindromicByEaf,
        int seFromCi)
        implements Serializable {

    /**
     * What a result holds whatever the scheme: the variant, its alleles as aligned, the studies combined, their allele
     * frequency and total n, and how many of them each alignment step touched (fields as in {@link MetaResult}).
     */
    record Variant(
            String chrom,
            int pos,
            String markerName,
            String allele1,
            String allele2,
            boolean refKnown,
            String rsid,
            int studies,
            String direction,
            MetaAnalysis.Frequency freq,
            double n,
            int swapped,
            int strandFlipped,
            int palindromicByEaf,
            int seFromCi) {}

    /** The sample-size scheme's result: weight and Z; no effect, standard error or random effects (NaN). */
    static MetaResult sampleSize(Variant v, MetaAnalysis.SampleSize s) {
        double na = Double.NaN;
        return of(
                v, na, na, s.weight(), s.z(), s.lnP(), s.hetISq(), s.hetChiSq(), s.hetDf(), s.hetLnP(), na, na, na, na);
    }

    /** The inverse-variance scheme's result: fixed and random effects; no weight (NaN). */
    static MetaResult inverseVariance(Variant v, MetaAnalysis.InverseVariance iv) {
        return of(
                v,
                iv.effect(),
                iv.stdErr(),
                Double.NaN,
                iv.z(),
                iv.lnP(),
                iv.hetISq(),
                iv.hetChiSq(),
                iv.hetDf(),
                iv.hetLnP(),
                iv.tau2(),
                iv.effectRandom(),
                iv.stdErrRandom(),
                iv.lnPRandom());
    }

    private static MetaResult of(
            Variant v,
            double effect,
            double stdErr,
            double weight,
            double z,
            double lnP,
            double hetISq,
            double hetChiSq,
            int hetDf,
            double hetLnP,
            double tau2,
            double effectRandom,
            double stdErrRandom,
            double lnPRandom) {
        return new MetaResult(
                v.chrom(),
                v.pos(),
                v.markerName(),
                v.allele1(),
                v.allele2(),
                v.refKnown(),
                v.rsid(),
                v.studies(),
                v.direction(),
                v.freq().mean(),
                v.freq().se(),
                v.freq().min(),
                v.freq().max(),
                effect,
                stdErr,
                weight,
                z,
                lnP,
                hetISq,
                hetChiSq,
                hetDf,
                hetLnP,
                tau2,
                effectRandom,
                stdErrRandom,
                lnPRandom,
                v.n(),
                v.swapped(),
                v.strandFlipped(),
                v.palindromicByEaf(),
                v.seFromCi());
    }
}
