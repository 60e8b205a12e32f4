package org.musubi.stats.pca;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The top-k eigenpairs of a symmetric positive semi-definite n × n operator A (the GRM XXᵀ/m) by block Krylov
 * subspaces with Rayleigh–Ritz (Halko, Martinsson, Shkolnisky & Tygert 2011, as plink2 {@code --pca approx} and
 * EIGENSOFT's {@code kjg_fpca}): a Gaussian start G (n × 2k, seeded), the blocks G, AG, …, AᵏG (each orthogonalised
 * against the earlier ones, which keeps their span and the numbers finite), then the eigenpairs of QᵀAQ over the
 * orthonormal basis Q of their span. {@link #approx} makes one such subspace (k + 1 products with A, each a pass
 * over the variants when A is the distributed GRM); {@link #exact} restarts from the best Ritz vectors until every
 * residual ‖Av − λv‖ is below 10⁻¹¹·λ₁ (an in-memory GRM: the eigenpairs to double precision, as LAPACK's). Only
 * n × L panels and L × L matrices are formed (L = (k + 1)·2k); the driver of the {@code qc} PCA step runs this.
 */
public final class BlockKrylov {
    /** A ↦ A·P for a panel P (n × cols, sample-major); returns a new n × cols panel. */
    @FunctionalInterface
    public interface Operator {
        double[] apply(double[] panel, int cols);
    }

    /**
     * The result: eigenvalues (descending), unit eigenvectors (n × k sample-major, each signed so that its entry of
     * largest magnitude is positive), the products with A taken, and the largest residual relative to λ₁.
     */
    public record Pcs(double[] eigenvalues, double[] vectors, int products, double residual) {}

    private BlockKrylov() {}

    /** plink2's {@code --pca approx}: block width 2k, k powers (k + 1 products with A). */
    public static Pcs approx(Operator a, int n, int k, long seed) {
        Subspace s = new Subspace(n);
        s.grow(a, gaussian(n, 2 * k, seed), 2 * k, k);
        return s.ritz(k);
    }

    /** The top k eigenpairs to double precision (restarted block Krylov), for an operator held in memory. */
    public static Pcs exact(Operator a, int n, int k, long seed) {
        int width = Math.min(n, k + 10);
        double[] start = gaussian(n, width, seed);
        int products = 0;
        Pcs best = null;
        for (int restart = 0; restart < 200; restart++) {
            Subspace s = new Subspace(n);
            s.grow(a, start, width, Math.max(1, Math.min(8, (n - 1) / width)));
            products += s.products;
            Pcs p = s.ritz(Math.min(width, s.cols));
            best = new Pcs(
                    java.util.Arrays.copyOf(p.eigenvalues, k),
                    take(p.vectors, n, p.eigenvalues.length, k),
                    products,
                    s.residual(k));
            if (best.residual < 1e-11 || s.cols >= n) {
                return best;
            }
            start = p.vectors;
            width = p.eigenvalues.length;
        }
        return best;
    }

    private static double[] take(double[] v, int n, int from, int k) {
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(v, i * from, out, i * k, k);
        }
        return out;
    }

    static double[] gaussian(int n, int cols, long seed) {
        Random r = new Random(seed);
        double[] g = new double[n * cols];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        return g;
    }

    /** An orthonormal basis Q (n × cols, blocks appended) with AQ for each block. */
    private static final class Subspace {
        final int n;
        final List<double[]> q = new ArrayList<>();
        final List<double[]> aq = new ArrayList<>();
        final List<Integer> widths = new ArrayList<>();
        int cols;
        int products;
        double[] basis;
        double[] abasis;
        double[] ritzVec;
        double[] ritzAv;
        double[] ritzVal;

        Subspace(int n) {
            this.n = n;
        }

        void grow(Operator a, double[] start, int width, int powers) {
            double[] block = orthonormal(start, n, width);
            for (int p = 0; p <= powers && block != null; p++) {
                int w = block.length / n;
                q.add(block);
                widths.add(w);
                cols += w;
                double[] y = a.apply(block, w);
                products++;
                aq.add(y);
                if (p < powers && cols < n) {
                    double[] z = y.clone();
                    project(z, w);
                    project(z, w);
                    block = orthonormal(z, n, w);
                }
            }
        }

        /** z −= Q(Qᵀz) over the blocks so far. */
        private void project(double[] z, int w) {
            for (int b = 0; b < q.size(); b++) {
                double[] qb = q.get(b);
                int wb = widths.get(b);
                double[] c = new double[wb * w];
                crossAdd(qb, wb, z, w, n, c);
                subtractProduct(qb, wb, c, w, n, z);
            }
        }

        Pcs ritz(int k) {
            basis = concat(q);
            abasis = concat(aq);
            double[] t = new double[cols * cols];
            crossAdd(basis, cols, abasis, cols, n, t);
            double[][] sym = new double[cols][cols];
            for (int r = 0; r < cols; r++) {
                for (int s = 0; s < cols; s++) {
                    sym[r][s] = 0.5 * (t[r * cols + s] + t[s * cols + r]);
                }
            }
            EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(sym, false));
            double[] all = e.getRealEigenvalues();
            Integer[] order = new Integer[cols];
            for (int i = 0; i < cols; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(all[y], all[x]));
            int kk = Math.min(k, cols);
            ritzVal = new double[kk];
            ritzVec = new double[n * kk];
            ritzAv = new double[n * kk];
            for (int c = 0; c < kk; c++) {
                ritzVal[c] = all[order[c]];
                double[] w = e.getEigenvector(order[c]).toArray();
                for (int i = 0; i < n; i++) {
                    double v = 0;
                    double av = 0;
                    for (int r = 0; r < cols; r++) {
                        v += basis[i * cols + r] * w[r];
                        av += abasis[i * cols + r] * w[r];
                    }
                    ritzVec[i * kk + c] = v;
                    ritzAv[i * kk + c] = av;
                }
            }
            signs(ritzVec, ritzAv, n, kk);
            return new Pcs(ritzVal.clone(), ritzVec.clone(), products, residual(kk));
        }

        /** max over the first k Ritz pairs of ‖Av − θv‖ / θ₁. */
        double residual(int k) {
            int kk = ritzVal.length;
            double worst = 0;
            for (int c = 0; c < Math.min(k, kk); c++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double d = ritzAv[i * kk + c] - ritzVal[c] * ritzVec[i * kk + c];
                    s += d * d;
                }
                worst = Math.max(worst, Math.sqrt(s));
            }
            return ritzVal[0] > 0 ? worst / ritzVal[0] : worst;
        }

        private double[] concat(List<double[]> blocks) {
            double[] out = new double[n * cols];
            int off = 0;
            for (int b = 0; b < blocks.size(); b++) {
                int w = widths.get(b);
                double[] x = blocks.get(b);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x, i * w, out, i * cols + off, w);
                }
                off += w;
            }
            return out;
        }
    }

    /**
     * c (wa × wb) += aᵀb for a (n × wa) and b (n × wb), both row-major: each entry summed over the rows in order, one
     * product and one addition rounded at a time (the plain triple loop's result to the bit), four rows at a time so
     * that each entry is loaded and stored once per four rows.
     */
    static void crossAdd(double[] a, int wa, double[] b, int wb, int n, double[] c) {
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int a0 = i * wa;
            int b0 = i * wb;
            for (int r = 0; r < wa; r++) {
                double v0 = a[a0 + r];
                double v1 = a[a0 + wa + r];
                double v2 = a[a0 + 2 * wa + r];
                double v3 = a[a0 + 3 * wa + r];
                int to = r * wb;
                for (int s = 0; s < wb; s++) {
                    double x = c[to + s];
                    x += v0 * b[b0 + s];
                    x += v1 * b[b0 + wb + s];
                    x += v2 * b[b0 + 2 * wb + s];
                    x += v3 * b[b0 + 3 * wb + s];
                    c[to + s] = x;
                }
            }
        }
        for (; i < n; i++) {
            for (int r = 0; r < wa; r++) {
                double v = a[i * wa + r];
                for (int s = 0; s < wb; s++) {
                    c[r * wb + s] += v * b[i * wb + s];
                }
            }
        }
    }

    /**
     * z (n × w) −= q·c for q (n × wq) and c (wq × w), row-major: each entry less its terms in the order of q's columns,
     * one rounding each (the plain triple loop's result to the bit), four columns at a time.
     */
    static void subtractProduct(double[] q, int wq, double[] c, int w, int n, double[] z) {
        for (int i = 0; i < n; i++) {
            int zi = i * w;
            int qi = i * wq;
            int r = 0;
            for (; r + 4 <= wq; r += 4) {
                double v0 = q[qi + r];
                double v1 = q[qi + r + 1];
                double v2 = q[qi + r + 2];
                double v3 = q[qi + r + 3];
                int c0 = r * w;
                for (int s = 0; s < w; s++) {
                    double x = z[zi + s];
                    x -= v0 * c[c0 + s];
                    x -= v1 * c[c0 + w + s];
                    x -= v2 * c[c0 + 2 * w + s];
                    x -= v3 * c[c0 + 3 * w + s];
                    z[zi + s] = x;
                }
            }
            for (; r < wq; r++) {
                double v = q[qi + r];
                for (int s = 0; s < w; s++) {
                    z[zi + s] -= v * c[r * w + s];
                }
            }
        }
    }

    /** Each column signed so that its entry of largest magnitude (the first such) is positive. */
    static void signs(double[] v, double[] av, int n, int k) {
        for (int c = 0; c < k; c++) {
            int arg = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i * k + c]) > Math.abs(v[arg * k + c])) {
                    arg = i;
                }
            }
            if (v[arg * k + c] < 0) {
                for (int i = 0; i < n; i++) {
                    v[i * k + c] = -v[i * k + c];
                    av[i * k + c] = -av[i * k + c];
                }
            }
        }
    }

    /**
     * An orthonormal basis of the columns of z (n × w, sample-major) by the eigenvectors of its Gram matrix, applied
     * twice; columns below 10⁻¹⁰ of the largest are dropped. Null when none is left.
     */
    static double[] orthonormal(double[] z, int n, int w) {
        double[] once = gramOrth(z, n, w);
        if (once == null) {
            return null;
        }
        return gramOrth(once, n, once.length / n);
    }

    private static double[] gramOrth(double[] z, int n, int w) {
        double[] full = new double[w * w];
        crossAdd(z, w, z, w, n, full);
        double[][] g = new double[w][w];
        for (int r = 0; r < w; r++) {
            for (int s = 0; s < w; s++) {
                g[r][s] = full[Math.min(r, s) * w + Math.max(r, s)];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(g, false));
        double[] ev = e.getRealEigenvalues();
        double max = 0;
        for (double v : ev) {
            max = Math.max(max, v);
        }
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < w; c++) {
            if (ev[c] > 1e-20 * max && ev[c] > 0) {
                keep.add(c);
            }
        }
        if (keep.isEmpty()) {
            return null;
        }
        int kw = keep.size();
        double[][] m = new double[w][kw];
        for (int c = 0; c < kw; c++) {
            int idx = keep.get(c);
            double scale = 1 / Math.sqrt(ev[idx]);
            double[] vec = e.getEigenvector(idx).toArray();
            for (int r = 0; r < w; r++) {
                m[r][c] = vec[r] * scale;
            }
        }
        double[] out = new double[n * kw];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < w; r++) {
                double v = z[i * w + r];
                if (v != 0) {
                    for (int c = 0; c < kw; c++) {
                        out[i * kw + c] += v * m[r][c];
                    }
                }
            }
        }
        return out;
    }
}
