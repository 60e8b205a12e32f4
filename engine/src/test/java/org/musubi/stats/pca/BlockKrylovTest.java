package org.musubi.stats.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockKrylov} against Commons Math's dense eigendecomposition of a small GRM; {@link ExactSums} independent
 * of the order of additions; {@link Standardize} as plink2's formula; {@link BlockProducts} against plain sums.
 */
class BlockKrylovTest {
    /** A GRM XXᵀ/m of 3 clusters of n samples (structure plus noise), n × n. */
    static double[] grm(int n, int m, long seed) {
        Random r = new Random(seed);
        double[] x = new double[m * n];
        for (int v = 0; v < m; v++) {
            double[] shift = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            for (int i = 0; i < n; i++) {
                x[v * n + i] = shift[i % 3] + r.nextGaussian();
            }
        }
        double[] packed = new double[n * (n + 1) / 2];
        BlockProducts.addGram(x, m, n, packed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int l = i; l < n; l++) {
                double v = packed[(int) BlockProducts.packed(n, i, l)] / m;
                a[i * n + l] = v;
                a[l * n + i] = v;
            }
        }
        return a;
    }

    static double[] times(double[] a, int n, double[] p, int cols) {
        double[] out = new double[n * cols];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                for (int c = 0; c < cols; c++) {
                    out[i * cols + c] += a[i * n + l] * p[l * cols + c];
                }
            }
        }
        return out;
    }

    @Test
    void exactEqualsDenseEigenAndApproxFindsTheStructure() {
        int n = 150;
        int k = 5;
        double[] a = grm(n, 400, 7);
        double[][] dense = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                dense[i][l] = a[i * n + l];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(dense));
        double[] lambda = e.getRealEigenvalues().clone();
        java.util.Arrays.sort(lambda);
        BlockKrylov.Pcs exact = BlockKrylov.exact((p, c) -> times(a, n, p, c), n, k, 1);
        BlockKrylov.Pcs approx = BlockKrylov.approx((p, c) -> times(a, n, p, c), n, k, 1);
        assertThat(approx.products()).isEqualTo(k + 1);
        for (int c = 0; c < k; c++) {
            double want = lambda[n - 1 - c];
            assertThat(exact.eigenvalues()[c]).isCloseTo(want, within(1e-10 * want));
            // a unit eigenvector: ‖Av − λv‖ small, ‖v‖ = 1
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += exact.vectors()[i * k + c] * exact.vectors()[i * k + c];
            }
            assertThat(norm).isCloseTo(1, within(1e-12));
        }
        assertThat(exact.residual()).isLessThan(1e-10);
        // the two structured PCs: approx spans the same axes
        for (int c = 0; c < 2; c++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += exact.vectors()[i * k + c] * approx.vectors()[i * k + c];
            }
            assertThat(Math.abs(dot)).isGreaterThan(0.999);
            assertThat(dot).as("signs fixed the same way").isPositive();
        }
    }

    @Test
    void exactSumsDoNotDependOnTheOrderOfAdditions() {
        Random r = new Random(3);
        double[][] parts = new double[50][4];
        for (double[] p : parts) {
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
            }
        }
        ExactSums forward = new ExactSums(4);
        for (double[] p : parts) {
            forward.add(p);
        }
        ExactSums halves = new ExactSums(4);
        ExactSums second = new ExactSums(4);
        for (int j = parts.length - 1; j >= 0; j--) {
            (j % 2 == 0 ? halves : second).add(parts[j]);
        }
        halves.merge(second);
        for (int i = 0; i < 4; i++) {
            assertThat(halves.value(i)).isEqualTo(forward.value(i));
        }
    }

    @Test
    void standardiseAsPlink2() {
        byte[] codes = {0, 1, 2, 3, 1, 0};
        int[] all = {0, 1, 2, 3, 4, 5};
        double q = Standardize.altFreq(codes, 0, all);
        assertThat(q).isEqualTo(4 / 10.0);
        double[] x = new double[6];
        Standardize.fill(codes, 0, null, 6, Standardize.values(q, false), x, 0);
        double s = Math.sqrt(2 * q * (1 - q));
        double[] want = {-2 * q / s, (1 - 2 * q) / s, (2 - 2 * q) / s, 0, (1 - 2 * q) / s, -2 * q / s};
        for (int i = 0; i < 6; i++) {
            assertThat(x[i]).isCloseTo(want[i], within(1e-15));
        }
        double[] flipped = Standardize.values(1 - q, true);
        assertThat(flipped[0]).isCloseTo(-x[0], within(1e-15));
    }

    @Test
    void blockProductsAsPlainSums() {
        int n = 4;
        int b = 3;
        double[] x = {1, 2, 0, -1, 0.5, 0, 3, 1, -2, 1, 1, 0};
        double[] q = {1, 0, 0, 1, 2, 2, -1, 0};
        double[] t = new double[b * 2];
        BlockProducts.xtq(x, b, n, q, 2, t);
        double[] acc = new double[n * 2];
        BlockProducts.addXt(x, b, n, t, 2, acc);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                double want = 0;
                for (int j = 0; j < b; j++) {
                    double tj = 0;
                    for (int l = 0; l < n; l++) {
                        tj += x[j * n + l] * q[l * 2 + c];
                    }
                    want += x[j * n + i] * tj;
                }
                assertThat(acc[i * 2 + c]).isCloseTo(want, within(1e-12));
            }
        }
        int[] pairs = new int[n * (n + 1) / 2];
        BlockProducts.addMissingPairs(new byte[] {3, 0, 3, 3}, 0, n, pairs);
        assertThat(pairs[(int) BlockProducts.packed(n, 0, 2)]).isEqualTo(1);
        assertThat(pairs[(int) BlockProducts.packed(n, 0, 1)]).isZero();
        assertThat(pairs[(int) BlockProducts.packed(n, 3, 3)]).isEqualTo(1);
    }

    /**
     * The four-at-a-time products equal the plain triple loops to the bit (the same roundings in the same order), for
     * row counts and widths that are and are not multiples of four.
     */
    @Test
    void crossAddAndSubtractProductEqualThePlainLoopsToTheBit() {
        java.util.Random r = new java.util.Random(5);
        for (int[] dims : new int[][] {{37, 20, 20}, {40, 7, 13}, {3, 5, 2}, {101, 220, 20}}) {
            int n = dims[0];
            int wa = dims[1];
            int wb = dims[2];
            double[] a = new double[n * wa];
            double[] b = new double[n * wb];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextGaussian() * 1e3;
            }
            double[] want = new double[wa * wb];
            for (int i = 0; i < n; i++) {
                for (int x = 0; x < wa; x++) {
                    for (int y = 0; y < wb; y++) {
                        want[x * wb + y] += a[i * wa + x] * b[i * wb + y];
                    }
                }
            }
            double[] got = new double[wa * wb];
            BlockKrylov.crossAdd(a, wa, b, wb, n, got);
            org.assertj.core.api.Assertions.assertThat(got).isEqualTo(want);
            double[] zWant = b.clone();
            double[] c = new double[wa * wb];
            for (int i = 0; i < c.length; i++) {
                c[i] = r.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                for (int x = 0; x < wa; x++) {
                    for (int y = 0; y < wb; y++) {
                        zWant[i * wb + y] -= a[i * wa + x] * c[x * wb + y];
                    }
                }
            }
            double[] z = b.clone();
            BlockKrylov.subtractProduct(a, wa, c, wb, n, z);
            org.assertj.core.api.Assertions.assertThat(z).isEqualTo(zWant);
        }
    }
}
