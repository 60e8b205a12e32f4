package org.musubi.meta;

import java.io.Serializable;
import org.musubi.format.Alleles;

/**
 * One data line of a study's GWAS-SSF file, parsed and normalised: chromosome as the GWAS-SSF code (1–25), alleles
 * upper case, the effect on the additive scale (ln OR for odds ratios, ln HR for hazard ratios) with its standard
 * error, and the forward-strand REF when the file says which allele it is. A line that cannot be combined carries
 * a {@link #drop} reason instead (it is counted and logged, never lost).
 *
 * @param study index of the study in the order of the inputs
 * @param line 1-based line number in the file (the header is line 1)
 * @param chrom GWAS-SSF chromosome code 1–25 (X = 23, Y = 24, MT = 25)
 * @param beta effect of the effect allele; NaN when the file has only a z-score
 * @param se its standard error; NaN when absent
 * @param eaf effect allele frequency; NaN when absent
 * @param lnP ln of the p-value; NaN when absent
 * @param z z-score column (GWAS-SSF v1.1 fallback); NaN when absent
 * @param n sample size; NaN when absent
 * @param ref the REF allele (forward strand) when known from {@code ref_allele} or {@code variant_id}, else null
 * @param seFromCi whether the standard error was derived from {@code ci_lower}/{@code ci_upper}
 * @param drop why the line is not used (a {@link Drop} name), or null
 */
public record SsfRecord(
        int study,
        long line,
        String chrom,
        int pos,
        String effectAllele,
        String otherAllele,
        double beta,
        double se,
        double eaf,
        double lnP,
        double z,
        double n,
        String ref,
        String rsid,
        boolean seFromCi,
        String drop,
        String dropDetail)
        implements Serializable {

    /** Why a line or a study's record of a variant is left out of the meta-analysis. */
    public enum Drop {
        /** chromosome is not 1–22, X, Y, MT (or 23–25) */
        UNKNOWN_CHROMOSOME,
        /** an allele is not [ACGT]+ (GWAS-SSF requires it; plink2 skips such variants too) */
        NON_ACGT_ALLELE,
        /** effect allele equals the other allele */
        SAME_ALLELES,
        /** effect or standard error missing (#NA), or standard error 0, or odds ratio 0 / infinite */
        NO_ESTIMATE,
        /** sample-size scheme: neither p-value nor z-score nor effect with standard error */
        NO_P_VALUE,
        /** sample-size scheme: no n for this line (and none in the metadata) */
        NO_SAMPLE_SIZE,
        /** A/T or C/G SNP: the alleles do not say the strand, and an allele frequency is missing */
        PALINDROMIC_NO_EAF,
        /** A/T or C/G SNP whose minor allele frequency is above the limit, in this study or the reference one */
        PALINDROMIC_AMBIGUOUS_EAF,
        /** A/T or C/G SNP whose two files both give REF, but different ones */
        PALINDROMIC_REF_CONFLICT
    }

    SsfRecord dropped(Drop reason, String detail) {
        return new SsfRecord(
                study,
                line,
                chrom,
                pos,
                effectAllele,
                otherAllele,
                beta,
                se,
                eaf,
                lnP,
                z,
                n,
                ref,
                rsid,
                seFromCi,
                reason.name().toLowerCase(java.util.Locale.ROOT),
                detail);
    }

    boolean isSnp() {
        return effectAllele.length() == 1 && otherAllele.length() == 1;
    }

    /**
     * The variant's key: chromosome, position and the unordered allele pair; for SNPs the pair or its complement,
     * whichever sorts first, so that a study on the other strand meets the same key. (Two biallelic SNPs at one
     * position share REF, so a pair and another's complement never collide.) Longer alleles are not complemented.
     */
    String key() {
        String a = effectAllele;
        String b = otherAllele;
        String pair = a.compareTo(b) <= 0 ? a + "/" + b : b + "/" + a;
        if (isSnp()) {
            String ca = Alleles.complement(a);
            String cb = Alleles.complement(b);
            String cpair = ca.compareTo(cb) <= 0 ? ca + "/" + cb : cb + "/" + ca;
            if (cpair.compareTo(pair) < 0) {
                pair = cpair;
            }
        }
        return chrom + ":" + pos + ":" + pair;
    }
}
