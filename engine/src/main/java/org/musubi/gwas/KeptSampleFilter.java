package org.musubi.gwas;

import java.io.Serializable;
import java.util.Locale;

/**
 * gwas {@code --maf} and {@code --min-call-rate} as plink2's {@code --maf} and {@code --geno} (1 − F) over the
 * samples a run keeps, applied by {@link GwasTask} once a variant's calls are decoded. Used when the kept samples are
 * not the whole table, or when the table records parents (plink2 counts frequencies over founders only); otherwise
 * the table's stored per-variant counts filter the rows before they are read ({@code table.scan.RowFilter}).
 *
 * <p>As plink2 2.00a3.5 ({@code plink2_filter.cc}): the MAF is min(f, 1 − f) of the allele frequency over the kept
 * founders ({@link GwasDesign#freqSamples}, the frequency A1 is picked by; one allele per XY sample on chrX, XY
 * samples only on chrY), f = 0.5 where no kept founder has a call, and a variant is dropped when it is below {@code
 * maf · (1 − 2⁻⁴⁴)} ({@code EnforceFreqConstraints}); missing calls are counted over every kept sample (kept XY
 * samples on chrY) and a variant is dropped when they exceed {@code floor((1 − F)(1 + 2⁻⁴⁴) · N)} ({@code
 * EnforceGenoThresh}).
 */
final class KeptSampleFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    /** plink2's kSmallEpsilon (2⁻⁴⁴), its guard against floating-point error at the thresholds. */
    private static final double EPSILON = 0x1p-44;

    private final double minMaf;
    /** Missing calls allowed (N kept samples, on chrY kept XY samples); -1 (both): no call-rate filter. */
    private final long maxMissing;

    private final long maxMissingY;
    /** The kept samples (null: all), whose missing calls count. */
    final boolean[] kept;

    private final String description;

    /**
     * @param maf minimum minor allele frequency (0: none)
     * @param minCallRate minimum call rate F (0: none)
     * @param kept the kept samples, null for all
     * @param male each table sample's sex is XY
     * @param founderCount kept founders (for the description)
     */
    KeptSampleFilter(double maf, double minCallRate, boolean[] kept, boolean[] male, int founderCount) {
        this.minMaf = maf * (1 - EPSILON);
        this.kept = kept;
        long keptCount = 0;
        long keptMale = 0;
        for (int i = 0; i < male.length; i++) {
            if (kept == null || kept[i]) {
                keptCount++;
                keptMale += male[i] ? 1 : 0;
            }
        }
        double geno = (1 - minCallRate) * (1 + EPSILON);
        this.maxMissing = minCallRate > 0 ? (long) (geno * keptCount) : -1;
        this.maxMissingY = minCallRate > 0 ? (long) (geno * keptMale) : -1;
        StringBuilder d = new StringBuilder();
        if (maf > 0) {
            d.append(String.format(
                    Locale.ROOT, "MAF >= %s over the %d kept founder(s) (plink2 --maf)", fmt(maf), founderCount));
        }
        if (minCallRate > 0) {
            d.append(d.length() == 0 ? "" : "; ")
                    .append(String.format(
                            Locale.ROOT,
                            "call rate >= %s over the %d kept sample(s), the %d kept XY samples on chrY (plink2 --geno"
                                    + " %s)",
                            fmt(minCallRate),
                            keptCount,
                            keptMale,
                            fmt(1 - minCallRate)));
        }
        this.description = d.toString();
    }

    private static String fmt(double v) {
        return org.musubi.format.NumberFormats.g6(v);
    }

    /** Whether the call-rate filter is on (missing calls need counting). */
    boolean countsMissing() {
        return maxMissing >= 0;
    }

    /** Whether a variant passes, given its allele frequency over the kept founders (NaN: none called) and missing calls. */
    boolean passes(double freq, long missing, boolean chrY) {
        double f = freq != freq ? 0.5 : freq;
        if (Math.min(f, 1 - f) < minMaf) {
            return false;
        }
        return maxMissing < 0 || missing <= (chrY ? maxMissingY : maxMissing);
    }

    /** What was applied, for the summary and the GWAS-SSF metadata. */
    String describe() {
        return description;
    }
}
