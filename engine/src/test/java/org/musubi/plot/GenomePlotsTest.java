package org.musubi.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The QQ plot computed from one pass over the points, without holding them, gives what the straightforward
 * computation on the whole array gives: the pixel cells of drawing the sorted values one by one.
 */
public class GenomePlotsTest {
    /** −log10 P of uniform P, some NaN, some ties, a few very small P. */
    public static double[] points(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(100);
            v[i] = kind == 0
                    ? Double.NaN
                    : kind == 1 ? 0.5 : kind == 2 ? 20 + 300 * r.nextDouble() : -Math.log10(1 - r.nextDouble());
        }
        return v;
    }

    @Test
    void qqFromRowCountsDrawsTheCellsOfTheSortedValues() throws IOException {
        for (int n : new int[] {5, 2000, 300_000}) {
            double[] v = points(n, 7 * n);
            long finite = Arrays.stream(v).filter(x -> !Double.isNaN(x)).count();
            double max = Arrays.stream(v).filter(x -> !Double.isNaN(x)).max().orElse(0);
            GenomePlots.Qq q = new GenomePlots.Qq(finite, max);
            for (double x : v) {
                q.add(x);
            }
            Set<Long> cells = new HashSet<>();
            q.forEachCell(
                    (px, py) -> assertThat(cells.add(((long) py << 32) | px)).isTrue());
            assertThat(cells).as("n=%d", n).isEqualTo(sortedQqCells(v));
            q.write(new ByteArrayOutputStream(), "t");
        }
    }

    /** The QQ plot's cells as drawn before the streaming version: all values sorted, each cell once. */
    private static Set<Long> sortedQqCells(double[] values) {
        double[] obs =
                Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int k = obs.length;
        int w = GenomePlots.H + 100;
        double maxE = k == 0 ? 1 : -Math.log10(0.5 / k);
        double maxO = k == 0 ? 1 : Math.max(obs[k - 1], maxE);
        double max = Math.ceil(Math.max(maxE, maxO) * 1.05);
        int pw = w - GenomePlots.LEFT - GenomePlots.RIGHT;
        int ph = GenomePlots.H - GenomePlots.TOP - GenomePlots.BOTTOM;
        Set<Long> cells = new HashSet<>();
        for (int i = 0; i < k; i++) {
            double e = -Math.log10((k - i - 0.5) / k);
            int px = (int) (e / max * (pw - 1));
            int py = (int) ((1 - obs[i] / max) * (ph - 1));
            cells.add(((long) py << 32) | px);
        }
        return cells;
    }
}
