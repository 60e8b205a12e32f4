package org.musubi.stats.linalg;

/**
 * Vector kernels on slices of {@code double[]} (a column of a column-major matrix is a slice). The
 * dot products keep four partial sums, which lets the CPU overlap the additions (HotSpot does not
 * vectorise a floating-point reduction whose order it must keep).
 */
public final class DenseVectors {
    private DenseVectors() {}

    /** {@code sum_i a[aOff + i] * b[bOff + i]} for {@code i < n}. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Four dot products at once: {@code out[outOff + c] += sum_i m[mOff + c * stride + i] * x[xOff +
     * i]} for {@code c < 4}, {@code i < n} (four columns of a column-major matrix against one
     * vector). Loading {@code x[i]} once for four independent sums runs about twice as fast as four
     * {@link #dot} calls.
     */
    public static void dot4(double[] m, int mOff, int stride, double[] x, int xOff, int n, double[] out, int outOff) {
        final int o0 = mOff;
        final int o1 = o0 + stride;
        final int o2 = o1 + stride;
        final int o3 = o2 + stride;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        for (int i = 0; i < n; i++) {
            final double xi = x[xOff + i];
            s0 += m[o0 + i] * xi;
            s1 += m[o1 + i] * xi;
            s2 += m[o2 + i] * xi;
            s3 += m[o3 + i] * xi;
        }
        out[outOff] += s0;
        out[outOff + 1] += s1;
        out[outOff + 2] += s2;
        out[outOff + 3] += s3;
    }

    /**
     * {@code out[outOff + c] += sum_i m[mOff + c * stride + i] * x[xOff + i]} for {@code c < cols}
     * (columns of a column-major matrix against one vector), four columns at a time.
     */
    public static void multiDot(
            double[] m, int mOff, int stride, int cols, double[] x, int xOff, int n, double[] out, int outOff) {
        int c = 0;
        for (; c + 4 <= cols; c += 4) {
            dot4(m, mOff + c * stride, stride, x, xOff, n, out, outOff + c);
        }
        for (; c < cols; c++) {
            out[outOff + c] += dot(m, mOff + c * stride, x, xOff, n);
        }
    }

    /** {@code sum_i w[i] * a[aOff + i] * b[bOff + i]} for {@code i < n} (a weighted dot product). */
    public static double weightedDot(double[] w, double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += w[i] * a[aOff + i] * b[bOff + i];
            s1 += w[i + 1] * a[aOff + i + 1] * b[bOff + i + 1];
            s2 += w[i + 2] * a[aOff + i + 2] * b[bOff + i + 2];
            s3 += w[i + 3] * a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += w[i] * a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum_i a[i]} for {@code i < n}. */
    public static double sum(double[] a, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            s0 += a[i];
            s1 += a[i + 1];
        }
        if (i < n) {
            s0 += a[i];
        }
        return s0 + s1;
    }

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. */
    public static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
