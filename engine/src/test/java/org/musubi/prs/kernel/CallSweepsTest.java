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

    @Test
    void rowsReadInPlaceEqualTheirCopiesBitForBit() {
        // each row inside a larger array of random bytes (as a Parquet page holds it), one weight and several
        Random rnd = new Random(11);
        for (int n : N) {
            ScoreKernel inPlace = new ScoreKernel(2, n, true);
            ScoreKernel copied = new ScoreKernel(2, n, true);
            for (int v = 0; v < 120; v++) {
                byte[] calls = TwoBitVector.encode(codes(rnd, n, v % 6), n);
                int off = rnd.nextInt(9);
                byte[] page = new byte[off + calls.length + rnd.nextInt(9)];
                rnd.nextBytes(page);
                System.arraycopy(calls, 0, page, off, calls.length);
                int nw = v % 3 == 0 ? 2 : 1;
                int[] score = {v % 2, 1 - v % 2};
                boolean[] ea = {rnd.nextBoolean(), rnd.nextBoolean()};
                double[] w = {rnd.nextGaussian(), rnd.nextGaussian()};
                byte[] type = {0, (byte) rnd.nextInt(3)};
                inPlace.add(page, off, calls.length, null, score, ea, w, type, 0, nw);
                copied.add(calls, null, score, ea, w, type, 0, nw);
            }
            assertSame(inPlace, copied, 2, n, "in place, n=" + n);
        }
    }

    @Test
    void malformedRowsInPlaceGiveTheReadersError() {
        int n = 33;
        Random rnd = new Random(5);
        byte[] calls = TwoBitVector.encode(codes(rnd, n, 2), n);
        assertThat(new CallsView(calls).isSparse()).isFalse();
        byte[] page = new byte[calls.length + 4];
        System.arraycopy(calls, 0, page, 2, calls.length);
        byte[] cut = java.util.Arrays.copyOf(calls, calls.length - 1);
        String expected = catchMessage(() -> new CallsView(cut));
        assertThat(expected).contains("truncated");
        assertThatThrownBy(() -> new ScoreKernel(1, n, true)
                        .add(
                                page,
                                2,
                                calls.length - 1,
                                null,
                                new int[] {0},
                                new boolean[] {true},
                                new double[] {1},
                                new byte[] {0},
                                0,
                                1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected);
    }

    @Test
    void namedDosageLanesAreMovedBeforeTheyOverflow() throws Exception {
        // DENSE rows whose first samples are HOM_ALT: their named dosages pass 2^16 within the rows; the kernel is
        // serialised (as a task's result) and merged midway
        int n = 5;
        byte[] calls = TwoBitVector.encode(new byte[] {2, 2, 2, 1, 0}, n);
        assertThat(new CallsView(calls).isSparse()).isFalse();
        ScoreKernel general = new ScoreKernel(1, n, true);
        ScoreKernel first = new ScoreKernel(1, n, true);
        ScoreKernel second = new ScoreKernel(1, n, true);
        int rows = 3 * 32767 + 11;
        for (int v = 0; v < rows; v++) {
            boolean ea = v % 3 != 0;
            double w = 0.001 * (v % 17);
            general.addThroughView(calls, new int[] {0}, new boolean[] {ea}, new double[] {w}, new byte[] {0}, 0, 1);
            (v < 2 * 32767 + 5 ? first : second)
                    .add(calls, null, new int[] {0}, new boolean[] {ea}, new double[] {w}, new byte[] {0}, 0, 1);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(first);
        }
        ScoreKernel back;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ScoreKernel) in.readObject();
        }
        ScoreKernel merged = back.merge(second);
        double[] named = new double[n];
        merged.namedDosages(0, named);
        assertThat(named[0]).isGreaterThan(65535);
        double[] expected = new double[n];
        general.namedDosages(0, expected);
        assertThat(named).containsExactly(expected);
    }

    private static void assertSame(ScoreKernel x, ScoreKernel y, int nScores, int n, String what) {
        for (int s = 0; s < nScores; s++) {
            double[] a = new double[n];
            double[] b = new double[n];
            x.sums(s, a);
            y.sums(s, b);
            assertThat(a).as("sums, " + what).containsExactly(b);
            x.namedDosages(s, a);
            y.namedDosages(s, b);
            assertThat(a).as("named dosages, " + what).containsExactly(b);
            long[] ma = new long[n];
            long[] mb = new long[n];
            x.missingCounts(s, ma);
            y.missingCounts(s, mb);
            assertThat(ma).as("missing counts, " + what).containsExactly(mb);
            assertThat(x.variants(s)).isEqualTo(y.variants(s));
        }
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
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
    void exceptionCodesAreCountedFromThePackedValuesAlone() {
        // the counts a one-weight SPARSE row's p̂ comes from before its sweep: those of the exceptions' codes
        // (CallsView's, the default's taken out), whatever the last value byte's unused fields hold
        Random rnd = new Random(3);
        int sparse = 0;
        for (int v = 0; v < 400; v++) {
            int n = 1 + rnd.nextInt(3000);
            byte[] calls = TwoBitVector.encode(codes(rnd, n, v % 6), n);
            CallsView view = new CallsView(calls);
            if (!view.isSparse()) {
                continue;
            }
            sparse++;
            int k = view.nonDefaultCount();
            int[] want = new int[4];
            view.codeCounts(want);
            want[view.defaultCode()] -= n - k;
            int[] got = new int[4];
            CallSweeps.exceptionCodes(calls, calls.length, k, got);
            assertThat(got).as("row " + v + ", K=" + k).containsExactly(want);
            if ((k & 3) != 0) {
                byte[] padded = calls.clone();
                padded[padded.length - 1] |= (byte) (0xFF << ((k & 3) << 1));
                CallSweeps.exceptionCodes(padded, padded.length, k, got);
                assertThat(got).as("row " + v + " with its unused fields set").containsExactly(want);
            }
        }
        assertThat(sparse).isGreaterThan(100);
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
