package org.musubi.stats.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CholeskyTest {
    @Test
    void factorsSolvesAndInvertsAHandCountableMatrix() {
        // A = [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt 2]]; det = 8;
        // A^-1 = [[3, -2], [-2, 4]] / 8; A x = (2, 5) at x = (-0.5, 2)
        final double[] a = {4, 2, 2, 3};
        assertThat(Cholesky.decompose(a, 2)).isTrue();
        assertThat(a).containsExactly(new double[] {2, 1, 0, Math.sqrt(2)}, within(1e-15));
        assertThat(Cholesky.logDeterminant(a, 2)).isCloseTo(Math.log(8), within(1e-15));
        final double[] b = {2, 5};
        Cholesky.solve(a, 2, b);
        assertThat(b).containsExactly(new double[] {-0.5, 2}, within(1e-15));
        final double[] inv = new double[4];
        Cholesky.invert(a, 2, inv);
        assertThat(inv).containsExactly(new double[] {3.0 / 8, -2.0 / 8, -2.0 / 8, 4.0 / 8}, within(1e-15));
        assertThat(Cholesky.inverseQuadraticForm(a, 2, new double[] {1, 1}, new double[2]))
                .isCloseTo(3.0 / 8, within(1e-15));
    }

    @Test
    void rejectsSingularAndIndefiniteMatrices() {
        assertThat(Cholesky.decompose(new double[] {1, 1, 1, 1}, 2)).isFalse(); // rank 1
        assertThat(Cholesky.decompose(new double[] {1, 2, 2, 1}, 2)).isFalse(); // indefinite
        assertThat(Cholesky.decompose(new double[] {1, 0, 0, Double.NaN}, 2)).isFalse();
        // nearly singular beyond the relative tolerance: 1 - r^2 = 1e-12 < 1e-10
        final double r = Math.sqrt(1 - 1e-12);
        assertThat(Cholesky.decompose(new double[] {1, r, r, 1}, 2)).isFalse();
        assertThat(Cholesky.decompose(new double[] {1, r, r, 1}, 2, 0.0)).isTrue();
    }
}
