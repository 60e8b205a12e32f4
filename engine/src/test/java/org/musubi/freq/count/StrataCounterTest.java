package org.musubi.freq.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;
import org.musubi.format.calls.TwoBitVector;

/**
 * {@link StrataCounter} (bit masks on DENSE rows, carriers on SPARSE rows, per sample with ploidy codes) gives the
 * histograms a naive per-sample loop gives: random cohorts with overlapping strata, excluded samples, unknown sex,
 * XY males haploid-coded or diploid-coded on X and Y, half calls, missing calls, and sample counts around and not
 * multiples of 64.
 */
class StrataCounterTest {
    @Test
    void countsEqualANaivePerSampleCounter() {
        Random rnd = new Random(20240607);
        int dense = 0;
        int sparse = 0;
        int withPloidy = 0;
        for (int n : new int[] {1, 2, 31, 63, 64, 65, 97, 128, 130, 301}) {
            int strata = 1 + rnd.nextInt(7);
            int[][] sampleStrata = new int[n][];
            boolean[] excluded = new boolean[n];
            int[] sex = new int[n]; // 0 unknown, 1 XX, 2 XY
            byte[][] expected = new byte[3][n];
            for (int i = 0; i < n; i++) {
                excluded[i] = rnd.nextInt(10) == 0;
                sex[i] = rnd.nextInt(3);
                expected[StrataCounter.AUTOSOMAL][i] = 2;
                expected[StrataCounter.X_NON_PAR][i] = (byte) (sex[i] == 2 ? 1 : 2);
                expected[StrataCounter.Y][i] = (byte) (sex[i] == 1 ? 0 : 1);
                List<Integer> in = new ArrayList<>();
                for (int k = 1; k < strata && !excluded[i]; k++) {
                    if (rnd.nextInt(3) == 0) {
                        in.add(k);
                    }
                }
                sampleStrata[i] = in.stream().mapToInt(Integer::intValue).toArray();
            }
            StrataCounter counter = new StrataCounter(n, strata, sampleStrata, excluded, expected);
            long[][] got = new long[strata][StrataCounter.CELLS];
            CallsView view = new CallsView();
            for (int v = 0; v < 60; v++) {
                int cls = v % 3;
                double af = v % 4 == 0 ? 0.4 : rnd.nextDouble() * 0.05;
                double missing = v % 5 == 0 ? 0.6 : 0.02;
                boolean ploidyCodes = v % 6 == 5;
                byte[] gt = new byte[n];
                byte[] pl = new byte[n];
                for (int i = 0; i < n; i++) {
                    boolean haploid = ploidyCodes && expected[cls][i] == 1 && rnd.nextBoolean();
                    double u = rnd.nextDouble();
                    if (u < missing) {
                        gt[i] = GenotypeCode.MISSING;
                        if (ploidyCodes && rnd.nextInt(4) == 0) {
                            pl[i] = (byte) (rnd.nextBoolean() ? PloidyCode.HALF_REF : PloidyCode.HALF_ALT);
                        }
                    } else if (haploid) {
                        pl[i] = PloidyCode.HAPLOID;
                        gt[i] = (byte) (rnd.nextDouble() < af ? GenotypeCode.HOM_ALT : GenotypeCode.HOM_REF);
                    } else {
                        int alt = (rnd.nextDouble() < af ? 1 : 0) + (rnd.nextDouble() < af ? 1 : 0);
                        gt[i] = (byte) alt;
                    }
                }
                byte[] enc = TwoBitVector.encode(gt, n);
                byte[] plEnc = ploidyCodes ? TwoBitVector.encodeOrNull(pl, n) : null;
                view.reset(enc, n);
                if (plEnc != null) {
                    withPloidy++;
                } else if (view.isSparse()) {
                    sparse++;
                } else {
                    dense++;
                }
                for (boolean withAll : new boolean[] {true, false}) {
                    counter.count(cls, view, plEnc, withAll, got);
                    long[][] want =
                            naive(n, strata, sampleStrata, excluded, expected[cls], gt, plEnc == null ? null : pl);
                    if (!withAll) {
                        want[0] = new long[StrataCounter.CELLS];
                    }
                    for (int k = 0; k < strata; k++) {
                        assertThat(got[k])
                                .as("n=%d variant %d stratum %d", n, v, k)
                                .containsExactly(want[k]);
                    }
                }
            }
        }
        assertThat(dense).isGreaterThan(20);
        assertThat(sparse).isGreaterThan(20);
        assertThat(withPloidy).isGreaterThan(20);
    }

    @Test
    void allDiploidOnlyWithoutExclusionsAndHaploidExpectations() {
        byte[][] expected = {{2, 2, 2}, {2, 1, 2}, {1, 1, 0}};
        int[][] none = {{}, {}, {}};
        StrataCounter c = new StrataCounter(3, 1, none, new boolean[3], expected);
        assertThat(c.allDiploid(StrataCounter.AUTOSOMAL)).isTrue();
        assertThat(c.allDiploid(StrataCounter.X_NON_PAR)).isFalse();
        assertThat(c.allDiploid(StrataCounter.Y)).isFalse();
        StrataCounter ex = new StrataCounter(3, 1, none, new boolean[] {false, true, false}, expected);
        assertThat(ex.allDiploid(StrataCounter.AUTOSOMAL)).isFalse();
    }

    /** One sample at a time: the cell of its (expected ploidy, ploidy code, genotype) in each of its strata. */
    private static long[][] naive(
            int n, int strata, int[][] sampleStrata, boolean[] excluded, byte[] exp, byte[] gt, byte[] pl) {
        long[][] h = new long[strata][StrataCounter.CELLS];
        for (int i = 0; i < n; i++) {
            if (excluded[i] || exp[i] == 0) {
                continue;
            }
            int cell = ((exp[i] - 1) * 4 + (pl == null ? PloidyCode.DIPLOID : pl[i])) * 4 + gt[i];
            h[0][cell]++;
            for (int k : sampleStrata[i]) {
                h[k][cell]++;
            }
        }
        return h;
    }
}
