package org.musubi.stats.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HouseholderQrTest {
    @Test
    void handCountableFactorisation() {
        // A = [[3, 1], [4, 2]]^T columns (3, 4) and (1, 2): ||a1|| = 5, R = [[-5, -11/5], [0, -2/5]]
        // (Householder signs), Q's first column -(3, 4)/5
        final HouseholderQr qr = HouseholderQr.factor(new double[] {3, 4, 1, 2}, 2, 2);
        assertThat(Math.abs(qr.rColMajor()[0])).isCloseTo(5.0, within(1e-15));
        assertThat(Math.abs(qr.rColMajor()[2])).isCloseTo(11.0 / 5, within(1e-15));
        assertThat(Math.abs(qr.rColMajor()[3])).isCloseTo(2.0 / 5, within(1e-15));
        assertThat(qr.firstDependentColumn()).isEqualTo(-1);
    }

    @Test
    void reconstructsOrthonormalQAndTriangularR() {
        final Random rnd = new Random(1L);
        final int n = 200;
        final int k = 6;
        final double[] a = new double[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian() + (i < n ? 10 : 0);
        }
        final HouseholderQr qr = HouseholderQr.factor(a, n, k);
        final double[] q = qr.qColMajor();
        final double[] r = qr.rColMajor();
        for (int x = 0; x < k; x++) {
            for (int y = 0; y < k; y++) {
                assertThat(DenseVectors.dot(q, x * n, q, y * n, n)).isCloseTo(x == y ? 1 : 0, within(1e-14));
                if (x > y) {
                    assertThat(r[x + y * k]).isZero();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int p = 0; p <= j; p++) {
                    s += q[i + p * n] * r[p + j * k];
                }
                assertThat(s).isCloseTo(a[i + j * n], within(1e-12));
            }
        }
        final double[] rInv = qr.rInverse();
        for (int x = 0; x < k; x++) {
            for (int y = 0; y < k; y++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += r[x + p * k] * rInv[p + y * k];
                }
                assertThat(s).isCloseTo(x == y ? 1 : 0, within(1e-13));
            }
        }
    }

    @Test
    void reportsTheFirstDependentColumn() {
        final int n = 5;
        final double[] a = {1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 3, 5, 7, 9, 11}; // col3 = 1 + 2 * col2
        assertThat(HouseholderQr.factor(a, n, 3).firstDependentColumn()).isEqualTo(2);
    }
}
