package org.musubi.prs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.TwoBitVector;

/**
 * {@link ScoreKernel}'s fused single-weight sweeps ({@link CallSweeps}) against its general path: a row with one
 * weight goes through the sweep; the same row with a second, zero weight on another score goes through {@link
 * CallsView}'s non-default samples ({@code addThroughView}); rows of several weights through both. Both must give the first score the same sums, named dosages and missing counts
 * to the last bit, on every vector shape, with and without mean imputation.
 */
class CallSweepsTest {
    private static final int[] N = {1, 3, 4, 5, 31, 32, 33, 97, 1000};

    @Test
    void fusedSweepsEqualTheGeneralPathBitForBit() {
        Random rnd = new Random(42);
        for (boolean mi : new boolean[] {true, false}) {
            for (int n : N) {
                ScoreKernel fused = new ScoreKernel(2, n, mi);
                ScoreKernel general = new ScoreKernel(2, n, mi);
                boolean[] shapes = new boolean[8];
                for (int v = 0; v < 120; v++) {
                    byte[] calls = TwoBitVector.encode(codes(rnd, n, v % 6), n);
                    CallsView view = new CallsView(calls);
                    shapes[(view.isSparse() ? 4 : 0) + view.defaultCode()] = true;
                    boolean ea = rnd.nextBoolean();
                    double w = rnd.nextGaussian() * 0.1;
                    byte type = (byte) (v % 5 == 0 ? 1 + rnd.nextInt(2) : 0);
                    fused.add(
                            calls, null, new int[] {0}, new boolean[] {ea}, new double[] {w}, new byte[] {type}, 0, 1);
                    general.addThroughView(
                            calls,
                            new int[] {0, 1},
                            new boolean[] {ea, true},
                            new double[] {w, 0},
                            new byte[] {type, 0},
                            0,
                            2);
                }
                if (n >= 1000) {
                    assertThat(shapes[0] && shapes[4] && shapes[6] && shapes[7])
                            .as("DENSE and SPARSE rows (default HOM_REF, HOM_ALT, MISSING), n=" + n)
                            .isTrue();
                }
                double[] a = new double[n];
                double[] b = new double[n];
                fused.sums(0, a);
                general.sums(0, b);
                assertThat(a).as("sums, n=" + n + ", mean imputation " + mi).containsExactly(b);
                fused.namedDosages(0, a);
                general.namedDosages(0, b);
                assertThat(a).as("named dosages, n=" + n).containsExactly(b);
                long[] ma = new long[n];
                long[] mb = new long[n];
                fused.missingCounts(0, ma);
                general.missingCounts(0, mb);
                assertThat(ma).as("missing counts, n=" + n).containsExactly(mb);
                assertThat(fused.variants(0)).isEqualTo(general.variants(0));
            }
        }
    }

    @Test
    void multiWeightSweepsEqualTheGeneralPathBitForBit() {
        // several weights per row (several scores, two weights of one score too), every vector shape
        Random rnd = new Random(7);
        int nScores = 3;
        for (boolean mi : new boolean[] {true, false}) {
            for (int n : N) {
                ScoreKernel fused = new ScoreKernel(nScores, n, mi);
                ScoreKernel general = new ScoreKernel(nScores, n, mi);
                for (int v = 0; v < 120; v++) {
                    byte[] calls = TwoBitVector.encode(codes(rnd, n, v % 6), n);
                    int nw = 1 + rnd.nextInt(4);
                    int[] score = new int[nw];
                    boolean[] ea = new boolean[nw];
                    double[] w = new double[nw];
                    byte[] type = new byte[nw];
                    for (int j = 0; j < nw; j++) {
                        score[j] = rnd.nextInt(nScores);
                        ea[j] = rnd.nextBoolean();
                        w[j] = rnd.nextGaussian() * 0.1;
                        type[j] = (byte) (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
                    }
                    fused.add(calls, null, score, ea, w, type, 0, nw);
                    general.addThroughView(calls, score, ea, w, type, 0, nw);
                }
                for (int s = 0; s < nScores; s++) {
                    double[] a = new double[n];
                    double[] b = new double[n];
                    fused.sums(s, a);
                    general.sums(s, b);
                    assertThat(a)
                            .as("sums, n=" + n + ", score " + s + ", mean imputation " + mi)
                            .containsExactly(b);
                    fused.namedDosages(s, a);
                    general.namedDosages(s, b);
                    assertThat(a).as("named dosages, n=" + n).containsExactly(b);
                    long[] ma = new long[n];
                    long[] mb = new long[n];
                    fused.missingCounts(s, ma);
                    general.missingCounts(s, mb);
                    assertThat(ma).as("missing counts, n=" + n).containsExactly(mb);
                    assertThat(fused.variants(s)).isEqualTo(general.variants(s));
                }
            }
        }
    }

    /** Shapes by kind: rare (SPARSE, HOM_REF), common ALT (SPARSE, HOM_ALT), mixed (DENSE), mostly missing, etc. */
    private static byte[] codes(Random rnd, int n, int kind) {
        byte[] c = new byte[n];
        double p =
                switch (kind) {
                    case 0 -> 0.01;
                    case 1 -> 0.97;
                    case 2 -> rnd.nextDouble();
                    default -> 0.3;
                };
        double miss = kind == 3 ? 0.9 : kind == 4 ? 0 : 0.05;
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < miss) {
                c[i] = GenotypeCode.MISSING;
            } else {
                c[i] = (byte) ((rnd.nextDouble() < p ? 1 : 0) + (rnd.nextDouble() < p ? 1 : 0));
            }
        }
        return c;
    }

    @Test
    void malformedSparseVectorsAreRefused() {
        int n = 40;
        byte[] codes = new byte[n];
        codes[3] = GenotypeCode.HET;
        codes[30] = GenotypeCode.MISSING;
        byte[] ok = TwoBitVector.encode(codes, n);
        assertThat(new CallsView(ok).isSparse()).isTrue();
        ScoreKernel k = new ScoreKernel(1, n, true);
        k.add(ok, null, new int[1], new boolean[] {true}, new double[] {1}, new byte[1], 0, 1);
        double[] s = new double[n];
        k.sums(0, s);
        assertThat(s[3]).isEqualTo(1.0);
        assertThat(s[30]).isEqualTo(2 * (1.0 / 78)); // mean-imputed: 2 p̂, p̂ = 1 ALT of 78 called alleles

        byte[] sameAsDefault = ok.clone();
        sameAsDefault[sameAsDefault.length - 1] = 0; // both exceptions' values become 0, the default
        assertThatThrownBy(() -> new ScoreKernel(1, n, true)
                        .add(
                                sameAsDefault,
                                null,
                                new int[1],
                                new boolean[] {true},
                                new double[] {1},
                                new byte[1],
                                0,
                                1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default value");
        byte[] pastN = ok.clone();
        pastN[4] = 100; // the second gap points past the last sample
        assertThatThrownBy(() -> new ScoreKernel(1, n, true)
                        .add(pastN, null, new int[1], new boolean[] {true}, new double[] {1}, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the last sample");
        byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 1);
        assertThatThrownBy(() -> new ScoreKernel(1, n, true)
                        .add(truncated, null, new int[1], new boolean[] {true}, new double[] {1}, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
