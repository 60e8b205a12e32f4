package org.musubi.stats.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseBlock}'s products against the dense {@link BlockProducts#xtq} and {@link BlockProducts#addXt} on random
 * blocks of standardised calls: common and rare variants, ALT-major ones (hom-alt the base), missing calls (a variant
 * mostly missing too), monomorphic variants (nothing off the base) and q = 0.5 (het and missing both 0).
 */
class SparseBlockTest {
    @Test
    void productsEqualTheDenseOnesUpToRounding() {
        Random r = new Random(11);
        for (int round = 0; round < 20; round++) {
            int n = 1 + r.nextInt(300);
            int b = 1 + r.nextInt(40);
            int cols = 1 + r.nextInt(24);
            double[] x = block(r, b, n);
            double[] q = gaussian(r, n * cols);
            double[] dense = new double[b * cols];
            BlockProducts.xtq(x, b, n, q, cols, dense);
            SparseBlock s = new SparseBlock(n);
            s.set(x, b);
            double[] t = new double[b * cols];
            s.xtq(q, cols, SparseBlock.columnSums(q, n, cols), t);
            close(t, dense, n);

            double[] acc = gaussian(r, n * cols);
            double[] accDense = acc.clone();
            BlockProducts.addXt(x, b, n, dense, cols, accDense);
            s.addXt(dense, cols, acc);
            close(acc, accDense, b);
            assertThat(s.offBase()).isLessThanOrEqualTo((long) b * n);
        }
    }

    @Test
    void fromCodesAsFromValues() {
        Random r = new Random(5);
        int n = 211;
        int b = 30;
        int cols = 7;
        byte[] codes = new byte[b * n];
        double[][] values = new double[b][];
        double[] x = new double[b * n];
        for (int j = 0; j < b; j++) {
            double f = j % 5 == 0 ? 0.5 : 0.01 + 0.98 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                codes[j * n + i] = r.nextDouble() < 0.03
                        ? 3
                        : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
            }
            values[j] = Standardize.values(f, false);
            Standardize.fill(codes, j * n, null, n, values[j], x, j * n);
        }
        int[] rows = new int[b];
        for (int j = 0; j < b; j++) {
            rows[j] = j;
        }
        double[] q = gaussian(r, n * cols);
        double[] dense = new double[b * cols];
        BlockProducts.xtq(x, b, n, q, cols, dense);
        SparseBlock s = new SparseBlock(n);
        s.set(codes, rows, values, b);
        double[] t = new double[b * cols];
        s.xtq(q, cols, SparseBlock.columnSums(q, n, cols), t);
        close(t, dense, n);
        double[] acc = new double[n * cols];
        double[] accDense = new double[n * cols];
        BlockProducts.addXt(x, b, n, dense, cols, accDense);
        s.addXt(dense, cols, acc);
        close(acc, accDense, b);
    }

    @Test
    void fromPackedCodesExactlyAsFromCodes() {
        Random r = new Random(17);
        for (int round = 0; round < 30; round++) {
            int n = 1 + r.nextInt(200);
            int b = 1 + r.nextInt(12);
            int cols = 1 + r.nextInt(9);
            byte[] codes = new byte[b * n];
            double[][] values = new double[b][];
            for (int j = 0; j < b; j++) {
                int kind = r.nextInt(5);
                double f = kind == 0 ? 0.5 : kind == 1 ? 0.98 : 0.01 + 0.98 * r.nextDouble();
                double miss = kind == 2 ? 0.8 : kind == 3 ? 1.0 : 0.05;
                for (int i = 0; i < n; i++) {
                    codes[j * n + i] = r.nextDouble() < miss
                            ? 3
                            : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
                }
                values[j] = Standardize.values(f, false);
            }
            int words = SparseBlock.words(n);
            int lead = r.nextInt(3);
            long[] packed = new long[lead * words + b * words];
            int[] rows = new int[b];
            for (int j = 0; j < b; j++) {
                rows[j] = j;
                SparseBlock.pack(codes, j * n, n, packed, (lead + j) * words);
            }
            SparseBlock fromCodes = new SparseBlock(n);
            fromCodes.set(codes, rows, values, b);
            SparseBlock fromPacked = new SparseBlock(n);
            fromPacked.set(packed, lead * words, values, b);
            assertThat(fromPacked.offBase()).isEqualTo(fromCodes.offBase());
            double[] q = gaussian(r, n * cols);
            double[] sums = SparseBlock.columnSums(q, n, cols);
            double[] t1 = new double[b * cols];
            double[] t2 = new double[b * cols];
            fromCodes.xtq(q, cols, sums, t1);
            fromPacked.xtq(q, cols, sums, t2);
            assertThat(t2).isEqualTo(t1);
            double[] acc1 = gaussian(r, n * cols);
            double[] acc2 = acc1.clone();
            fromCodes.addXt(t1, cols, acc1);
            fromPacked.addXt(t1, cols, acc2);
            assertThat(acc2).isEqualTo(acc1);
        }
    }

    @Test
    void packKeepsEachCodeAndZeroesTheLastWordsTail() {
        byte[] codes = new byte[70];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (i % 4);
        }
        long[] packed = new long[SparseBlock.words(70)];
        SparseBlock.pack(codes, 0, 70, packed, 0);
        assertThat(packed).hasSize(3);
        for (int i = 0; i < 70; i++) {
            assertThat((packed[i >>> 5] >>> ((i & 31) << 1)) & 3).isEqualTo(i % 4);
        }
        assertThat(packed[2] >>> 12).isZero();
    }

    @Test
    void monomorphicAndAllMissingVariantsTouchNoSample() {
        int n = 50;
        double[] x = new double[2 * n];
        java.util.Arrays.fill(x, 0, n, -1.25);
        SparseBlock s = new SparseBlock(n);
        s.set(x, 2);
        assertThat(s.offBase()).isZero();
        double[] q = gaussian(new Random(3), n * 2);
        double[] t = new double[4];
        s.xtq(q, 2, SparseBlock.columnSums(q, n, 2), t);
        double[] dense = new double[4];
        BlockProducts.xtq(x, 2, n, q, 2, dense);
        close(t, dense, n);
    }

    @Test
    void refusesAVariantWithMoreThanFourValues() {
        double[] x = {0, 1, 2, 3, 4};
        assertThatThrownBy(() -> new SparseBlock(5).set(x, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void close(double[] got, double[] want, int terms) {
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).isLessThanOrEqualTo(1e-13 * Math.max(1, scale) * Math.sqrt(terms));
        }
    }

    private static double[] gaussian(Random r, int size) {
        double[] g = new double[size];
        for (int i = 0; i < size; i++) {
            g[i] = r.nextGaussian();
        }
        return g;
    }

    /** b variants of n standardised calls, codes drawn at a random frequency with missing calls. */
    static double[] block(Random r, int b, int n) {
        double[] x = new double[b * n];
        byte[] codes = new byte[n];
        for (int j = 0; j < b; j++) {
            int kind = r.nextInt(6);
            double f =
                    switch (kind) {
                        case 0 -> 0.5;
                        case 1 -> 0.005 + 0.02 * r.nextDouble();
                        case 2 -> 0.9 + 0.09 * r.nextDouble();
                        default -> 0.05 + 0.9 * r.nextDouble();
                    };
            double miss = kind == 3 ? 0.7 : kind == 4 ? 0 : 0.05 * r.nextDouble();
            boolean mono = r.nextInt(8) == 0;
            for (int i = 0; i < n; i++) {
                codes[i] = r.nextDouble() < miss
                        ? 3
                        : mono ? 0 : (byte) ((r.nextDouble() < f ? 1 : 0) + (r.nextDouble() < f ? 1 : 0));
            }
            double q = mono ? 0.3 : f;
            Standardize.fill(codes, 0, null, n, Standardize.values(q, r.nextBoolean()), x, j * n);
        }
        return x;
    }
}
