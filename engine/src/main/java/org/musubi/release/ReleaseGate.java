package org.musubi.release;

/**
 * The release gate (../shared/SPECS.md §5.2), pure Java, for every job that releases counts (freq, freq-merge, prs's
 * evaluation, gwas's GWAS-SSF files): the small-count rule ({@link #small}: a count c is hidden when 0 < c < k), the
 * frequency floor ({@link #frequencyFloor}) and, per variant or table, which counts of which strata must be hidden
 * ({@link #hidden}): every count c with 0 < c < k, and every count of a stratum with 0 < N < k samples. Then
 * complementary suppression: for every partition (a total and the strata that split it, e.g. all → populations,
 * all → XX/XY, a population → its XX/XY), if the total is shown and exactly one part is hidden, the smallest shown
 * part is hidden too, so the hidden one cannot be found by subtraction; repeated until nothing changes.
 */
public final class ReleaseGate {
    private ReleaseGate() {}

    /** The small-count rule, the one place it is written: a count c is hidden when 0 < c < k (k ≤ 0: no gate). */
    public static boolean small(long c, int k) {
        return c > 0 && c < k;
    }

    /** The gate as outputs describe it (VCF headers, summaries, GWAS-SSF metadata). */
    public static String describe(int k) {
        return "release gate k=" + k + " (counts 0 < c < " + k + " suppressed, complementary suppression)";
    }

    /**
     * The frequency floor k/(2n): the smallest minor-allele frequency that n diploid samples may show, so that no
     * released frequency implies a minor allele count below k (SPECS §5.2, "apply the EAF floor").
     */
    public static double frequencyFloor(int k, long n) {
        return k / (2.0 * n);
    }

    /**
     * A frequency moved onto the floor (at most 0.5) on its minor side when it is below it ({@code f < floor} or
     * {@code f > 1 - floor}); otherwise, and for NaN, k ≤ 0 or n ≤ 0, unchanged.
     */
    public static double floorFrequency(double f, int k, long n) {
        if (k <= 0 || n <= 0 || Double.isNaN(f)) {
            return f;
        }
        double floor = Math.min(0.5, frequencyFloor(k, n));
        return f < floor ? floor : f > 1 - floor ? 1 - floor : f;
    }

    /**
     * @param counts [metric][stratum] counts (metrics are independent: each is gated and complemented on its own)
     * @param samples per stratum, the number of samples
     * @param partitions each {total, part, part, …} (stratum indexes)
     * @param k the threshold (counts 0 < c < k are hidden)
     * @return [metric][stratum] true where the count must be hidden
     */
    public static boolean[][] hidden(long[][] counts, long[] samples, int[][] partitions, int k) {
        int m = counts.length;
        int s = samples.length;
        boolean[][] hide = new boolean[m][s];
        for (int j = 0; j < s; j++) {
            boolean smallStratum = small(samples[j], k);
            for (int i = 0; i < m; i++) {
                long c = counts[i][j];
                hide[i][j] = smallStratum || small(c, k);
            }
        }
        for (int i = 0; i < m; i++) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int[] p : partitions) {
                    if (hide[i][p[0]]) {
                        continue;
                    }
                    int hiddenParts = 0;
                    int smallest = -1;
                    for (int q = 1; q < p.length; q++) {
                        int j = p[q];
                        if (hide[i][j]) {
                            hiddenParts++;
                        } else if (smallest < 0 || counts[i][j] < counts[i][smallest]) {
                            smallest = j;
                        }
                    }
                    if (hiddenParts == 1) {
                        if (smallest >= 0) {
                            hide[i][smallest] = true;
                        } else {
                            hide[i][p[0]] = true;
                        }
                        changed = true;
                    }
                }
            }
        }
        return hide;
    }
}
