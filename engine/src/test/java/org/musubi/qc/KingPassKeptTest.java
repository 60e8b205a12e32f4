package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musubi.stats.qc.KingCounts;

/** The pairs a tile writes: those of the plain column-by-column loop over every pair's kinship, in its order. */
class KingPassKeptTest {
    @Test
    void keptPairsAreThoseOfThePlainLoopInPlink2Order() {
        SplittableRandom r = new SplittableRandom(17);
        int rows = 37;
        int cols = 41;
        int[] k = new int[rows * cols * KingCounts.FIELDS];
        for (int p = 0; p < rows * cols; p++) {
            int at = p * KingCounts.FIELDS;
            int kind = r.nextInt(10);
            int hethet = kind == 0 ? 0 : r.nextInt(400);
            int h12 = kind == 0 ? r.nextInt(2) : r.nextInt(300);
            int h21 = kind == 0 ? 0 : h12 + r.nextInt(40) - 20;
            k[at + KingCounts.IBS0] = kind < 3 ? r.nextInt(3) : r.nextInt(200);
            k[at + KingCounts.HETHET] = hethet;
            k[at + KingCounts.HET1_HOM2] = h12;
            k[at + KingCounts.HET2_HOM1] = Math.max(0, h21);
            k[at + KingCounts.HOMHOM] = r.nextInt(1000);
        }
        // thresholds on the values themselves (ties), between them, none and every pair
        List<Double> thresholds =
                new ArrayList<>(List.of(0.0442, 0.177, 0.0, -0.5, Double.NEGATIVE_INFINITY, Double.NaN));
        for (int i = 0; i < 20; i++) {
            int at = r.nextInt(rows * cols) * KingCounts.FIELDS;
            thresholds.add(KingCounts.kinship(k[at], k[at + 1], k[at + 2], k[at + 3]));
        }
        for (boolean triangle : new boolean[] {false, true}) {
            int c0 = triangle ? rows : cols;
            for (double t : thresholds) {
                List<Long> want = new ArrayList<>();
                for (int c = 0; c < c0; c++) {
                    for (int row = 0; row < (triangle ? c : rows); row++) {
                        int at = (row * c0 + c) * KingCounts.FIELDS;
                        if (!(KingCounts.kinship(k[at], k[at + 1], k[at + 2], k[at + 3]) < t)) {
                            want.add((long) c << 32 | row);
                        }
                    }
                }
                long[] got = KingPass.kept(k, rows, c0, triangle, t);
                assertThat(got)
                        .as("threshold %s triangle %s", t, triangle)
                        .containsExactly(
                                want.stream().mapToLong(Long::longValue).toArray());
            }
        }
    }
}
