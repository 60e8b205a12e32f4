package org.musubi.stats;

import java.io.Serializable;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Per-sample evidence for karyotypic sex from chrX outside the PARs, accumulated per task and merged on the
 * driver: haploid calls, diploid calls, heterozygous calls and the heterozygosity expected from the variant's
 * allele frequency. {@link #infer} decides by the calls' ploidy where the file codes it (some sample has a haploid
 * call: a sample whose X calls are mostly haploid is XY, mostly diploid XX; evidence {@link #PLOIDY}), and only where
 * it does not (every call diploid) as PLINK's {@code --check-sex} does (F = 1 − observed/expected heterozygosity;
 * F > 0.8 → XY, F < 0.2 → XX; evidence {@link #X_HET_F}).
 *
 * <p>A kernel (no Spark or Hadoop): the table writer ({@code table.write.RowSink}) feeds it, {@code
 * table.write.TableAssembler} merges the tasks' evidence and records the inferred sex in {@code samples.parquet}.
 */
public final class SexEvidence implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Fewer informative X calls than this leave the sex unknown. */
    public static final int MIN_CALLS = 10;

    public static final double F_FEMALE_MAX = 0.2;
    public static final double F_MALE_MIN = 0.8;

    /** Evidence: the file codes chrX ploidy, and the sample's calls are mostly haploid (XY) or diploid (XX). */
    public static final String PLOIDY = "ploidy";
    /** Evidence: every call is diploid, so the heterozygosity rule (F) decided. */
    public static final String X_HET_F = "x_het_f";

    final int[] haploid;
    final int[] diploid;
    final int[] het;
    final double[] expectedHet;
    long variants;
    /** Whether any sample has a haploid call (cached by {@link #codesPloidy}; null after a change). */
    private transient Boolean codesPloidy;

    public SexEvidence(int n) {
        haploid = new int[n];
        diploid = new int[n];
        het = new int[n];
        expectedHet = new double[n];
    }

    /** Adds one biallelic X non-PAR variant with allele frequency af (NaN: skipped for F). */
    public void add(byte[] gt, byte[] ploidyOrNull, int n, double af) {
        variants++;
        codesPloidy = null;
        double e = Double.isNaN(af) ? 0 : 2 * af * (1 - af);
        for (int s = 0; s < n; s++) {
            int c = gt[s];
            if (c == GenotypeCode.MISSING) {
                continue;
            }
            if (ploidyOrNull != null && ploidyOrNull[s] == PloidyCode.HAPLOID) {
                haploid[s]++;
            } else {
                diploid[s]++;
                expectedHet[s] += e;
                if (c == GenotypeCode.HET) {
                    het[s]++;
                }
            }
        }
    }

    /** The X variants added (over all merged parts). */
    public long variants() {
        return variants;
    }

    public SexEvidence merge(SexEvidence o) {
        for (int s = 0; s < haploid.length; s++) {
            haploid[s] += o.haploid[s];
            diploid[s] += o.diploid[s];
            het[s] += o.het[s];
            expectedHet[s] += o.expectedHet[s];
        }
        variants += o.variants;
        codesPloidy = null;
        return this;
    }

    /** Whether the calls code chrX ploidy: some sample has a haploid call outside the PARs. */
    public boolean codesPloidy() {
        if (codesPloidy == null) {
            boolean any = false;
            for (int h : haploid) {
                if (h > 0) {
                    any = true;
                    break;
                }
            }
            codesPloidy = any;
        }
        return codesPloidy;
    }

    /**
     * The inferred sex of sample s: "XX", "XY" or null, the F coefficient over its diploid calls (NaN if not
     * computable) and the evidence that decided ({@link #PLOIDY}, {@link #X_HET_F}; null when undecided).
     */
    public record Inference(String sex, double f, String evidence) {}

    public Inference infer(int s) {
        int called = haploid[s] + diploid[s];
        if (called < MIN_CALLS) {
            return new Inference(null, Double.NaN, null);
        }
        double f = expectedHet[s] > 0 ? 1 - het[s] / expectedHet[s] : Double.NaN;
        if (codesPloidy()) {
            String sex = haploid[s] * 2 > called ? "XY" : diploid[s] * 2 > called ? "XX" : null;
            return new Inference(sex, f, sex == null ? null : PLOIDY);
        }
        if (Double.isNaN(f)) {
            return new Inference(null, f, null);
        }
        String sex = f > F_MALE_MIN ? "XY" : f < F_FEMALE_MAX ? "XX" : null;
        return new Inference(sex, f, sex == null ? null : X_HET_F);
    }
}
