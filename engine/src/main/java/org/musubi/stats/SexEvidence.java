package org.musubi.stats;

import java.io.Serializable;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Per-sample evidence for karyotypic sex from chrX outside the PARs, accumulated per task and merged on the
 * driver: haploid calls, diploid calls, heterozygous calls and the heterozygosity expected from the variant's
 * allele frequency. {@link #infer} classifies as PLINK's {@code --check-sex} does (F = 1 − observed/expected
 * heterozygosity; F > 0.8 → XY, F < 0.2 → XX), and a sample whose X calls are mostly haploid is XY.
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

    final int[] haploid;
    final int[] diploid;
    final int[] het;
    final double[] expectedHet;
    long variants;

    public SexEvidence(int n) {
        haploid = new int[n];
        diploid = new int[n];
        het = new int[n];
        expectedHet = new double[n];
    }

    /** Adds one biallelic X non-PAR variant with allele frequency af (NaN: skipped for F). */
    public void add(byte[] gt, byte[] ploidyOrNull, int n, double af) {
        variants++;
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
        return this;
    }

    /** The inferred sex of sample s: "XX", "XY" or null, and the F coefficient (NaN if not computable). */
    public record Inference(String sex, double f) {}

    public Inference infer(int s) {
        int called = haploid[s] + diploid[s];
        if (called < MIN_CALLS) {
            return new Inference(null, Double.NaN);
        }
        double f = expectedHet[s] > 0 ? 1 - het[s] / expectedHet[s] : Double.NaN;
        if (haploid[s] * 2 > called) {
            return new Inference("XY", f);
        }
        if (Double.isNaN(f)) {
            return new Inference(null, f);
        }
        return new Inference(f > F_MALE_MIN ? "XY" : f < F_FEMALE_MAX ? "XX" : null, f);
    }
}
