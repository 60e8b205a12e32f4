package org.musubi.freq;

/**
 * The release gate of one variant (../shared/SPECS.md §5.2), pure Java: which counts of which strata must be
 * hidden. A count c is hidden when 0 < c < k; every count of a stratum with 0 < N < k samples is hidden. Then
 * complementary suppression: for every partition (a total and the strata that split it, e.g. all → populations,
 * all → XX/XY, a population → its XX/XY), if the total is shown and exactly one part is hidden, the smallest shown
 * part is hidden too, so the hidden one cannot be found by subtraction; repeated until nothing changes.
 */
public final class ReleaseGate {
    private ReleaseGate() {}

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
            boolean smallStratum = samples[j] > 0 && samples[j] < k;
            for (int i = 0; i < m; i++) {
                long c = counts[i][j];
                hide[i][j] = smallStratum || (c > 0 && c < k);
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
