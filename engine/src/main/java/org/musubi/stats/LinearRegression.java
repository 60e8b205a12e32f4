package org.musubi.stats;

import java.io.Serializable;
import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/**
 * Linear regression GWAS kernel: for each variant, the ordinary least squares fit of {@code y ~ C +
 * g} for all m phenotypes of a set at once, as PLINK 2 {@code --glm} reports it for the genotype
 * ({@code ADD}) row (SPECS §3.2).
 *
 * <p>Method (Frisch–Waugh–Lovell). Once per phenotype set: the thin QR {@code C = Q R} ({@link
 * CovariateBasis}) and the residualised phenotypes {@code y_r = (I - Q Q^T) y}. Per variant only
 * the genotype column g is new: with {@code u = Q^T g}, the genotype's residual sum of squares is
 * {@code s = g^T g - u^T u}, and for each phenotype {@code beta = g^T y_r / s}, {@code RSS = y_r^T
 * y_r - beta g^T y_r}, {@code SE = sqrt(RSS / (n - k - 1) / s)}, {@code T = beta / SE}, two-sided
 * t test with {@code n - k - 1} df: exactly the OLS estimate of the full model. Cost per variant
 * {@code O(n (k + m))} for a dense genotype, {@code O(nnz (k + m))} for a sparse one ({@link
 * #testSparse}).
 *
 * <p>Missing genotypes ({@link MissingDosagePolicy#DROP_SAMPLE}, PLINK's rule) are handled exactly
 * by downdating: with M the missing samples and {@code Q_M} their rows of Q, the covariates span
 * the same space on the observed samples S with Gram matrix {@code A = Q_S^T Q_S = I - Q_M^T Q_M},
 * and since {@code Q^T y_r = 0}, {@code b = Q_S^T y_r = -Q_M^T y_{r,M}}. Then {@code s = g^T g - u^T
 * A^-1 u}, {@code g^T y} becomes {@code g^T y_r - u^T A^-1 b} and {@code y^T y} becomes {@code
 * y_r^T y_r - |y_{r,M}|^2 - b^T A^-1 b} (g is 0 on M). The extra cost is {@code O(|M| k (k + m) +
 * k^3)}; A stays well conditioned unless the observed samples no longer span the covariates, which
 * the VIF check reports ({@link GlmErrcode#VIF_INFINITE}).
 *
 * <p>Per-variant failures (errcodes, SPECS §3.1), in PLINK's order: {@code OBS_CT <= k + 1},
 * constant genotype, {@code --max-corr}, {@code --vif}, rank deficiency, then PLINK's result
 * validity check ({@link GlmErrcode#INVALID_RESULT}: a variance below 1e-20 or two estimates
 * correlated above 0.99999, over the full {@code (X^T X)^-1}, obtained in O(k^2) from {@code (C^T
 * C)^-1} by the block inverse).
 *
 * <p>Immutable and {@link Serializable}; the per-variant scratch lives in the {@link LinearResult}
 * buffer ({@link #newResult()}, one per thread).
 */
public final class LinearRegression implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double MIN_VARIANCE = 1e-20;
    private static final double MAX_ESTIMATE_CORR = 0.99999;
    /** Samples per tile in {@link #testDenseBlock} (a tile of Q, k = 21: 168 KiB). */
    static final int SAMPLE_TILE = 1024;

    private final CovariateBasis basis;
    private final int phenotypeCount;
    private final double[] residualsColMajor;
    private final double[] residualSs;
    /**
     * Sample-major copies of Q, C and the residualised phenotypes, made once per JVM on first use (not
     * serialised): the sparse path and the missing-sample downdate read a few samples' rows, which are then one or
     * two cache lines each instead of one line per column.
     */
    private transient volatile SampleRows rows;

    /** Row i of Q and of Y_r: {@code qy[i * (k + m) + a]} (a < k: Q; then the m residuals); C: {@code c[i * k + a]}. */
    private record SampleRows(double[] qy, double[] c) {}

    private LinearRegression(CovariateBasis basis, int phenotypeCount, double[] residuals, double[] residualSs) {
        this.basis = basis;
        this.phenotypeCount = phenotypeCount;
        this.residualsColMajor = residuals;
        this.residualSs = residualSs;
    }

    /**
     * Residualises the phenotypes against the covariates.
     *
     * @param phenotypesColMajor n×m phenotype values, column-major, all finite (the samples of the
     *     basis: those with every phenotype of the set and every covariate)
     * @throws IllegalArgumentException on a shape mismatch or a non-finite value
     */
    public static LinearRegression create(CovariateBasis basis, double[] phenotypesColMajor, int phenotypeCount) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        if (phenotypeCount < 1 || phenotypesColMajor.length != (long) n * phenotypeCount) {
            throw new IllegalArgumentException("phenotypes must have sampleCount*phenotypeCount = " + (long) n + "*"
                    + phenotypeCount + " values, got " + phenotypesColMajor.length);
        }
        for (int i = 0; i < phenotypesColMajor.length; i++) {
            if (!Double.isFinite(phenotypesColMajor[i])) {
                throw new IllegalArgumentException(
                        "phenotype " + (i / n) + " of sample " + (i % n) + " is not finite: " + phenotypesColMajor[i]);
            }
        }
        final double[] res = phenotypesColMajor.clone();
        final double[] ss = new double[phenotypeCount];
        if (basis.errcode() == GlmErrcode.NONE) {
            final double[] q = basis.q();
            for (int j = 0; j < phenotypeCount; j++) {
                final int off = j * n;
                // project out twice ("twice is enough", Parlett): the second pass removes the
                // rounding left by the first when y has a large component in span(C)
                for (int pass = 0; pass < 2; pass++) {
                    for (int a = 0; a < k; a++) {
                        final double c = DenseVectors.dot(q, a * n, res, off, n);
                        DenseVectors.axpy(-c, q, a * n, res, off, n);
                    }
                }
                ss[j] = DenseVectors.dot(res, off, res, off, n);
            }
        }
        return new LinearRegression(basis, phenotypeCount, res, ss);
    }

    public CovariateBasis basis() {
        return basis;
    }

    private SampleRows rows() {
        SampleRows r = rows;
        if (r == null) {
            synchronized (this) {
                r = rows;
                if (r == null) {
                    r = makeRows();
                    rows = r;
                }
            }
        }
        return r;
    }

    private SampleRows makeRows() {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        final int m = phenotypeCount;
        final int w = k + m;
        final double[] q = basis.q();
        final double[] c = basis.design();
        final double[] qy = new double[n * w];
        final double[] cr = new double[n * k];
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < n; i++) {
                qy[i * w + a] = q[i + a * n];
                cr[i * k + a] = c[i + a * n];
            }
        }
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                qy[i * w + k + j] = residualsColMajor[i + j * n];
            }
        }
        return new SampleRows(qy, cr);
    }

    public int phenotypeCount() {
        return phenotypeCount;
    }

    /** A result buffer (with scratch space) for this kernel; one per thread. */
    public LinearResult newResult() {
        return new LinearResult(basis.sampleCount(), basis.predictorCount(), phenotypeCount);
    }

    /**
     * Tests one variant given as a dense dosage vector: {@code O(n (k + m))}.
     *
     * @param dosages n A1 dosages (0..2, fractional allowed), {@code NaN} = missing; not modified
     * @throws IllegalArgumentException if the length is not n or a dosage is infinite
     */
    public void testDense(double[] dosages, LinearResult out) {
        final int n = basis.sampleCount();
        if (dosages.length != n) {
            throw new IllegalArgumentException("expected " + n + " dosages, got " + dosages.length);
        }
        checkBuffer(out);
        if (prepareDense(dosages, 0, out)) {
            clearSums(out);
            accumulate(out, 0, n);
            finish(out.missingCount, out.obsCt, out.gg, out);
        }
    }

    /**
     * Tests a block of variants given as dense dosages, n×B column-major, with the same results as
     * {@link #testDense} per variant (to rounding). The sums {@code Q^T g}, {@code g^T g} and {@code
     * Y_r^T g} are accumulated over tiles of {@value #SAMPLE_TILE} samples, so each tile of Q and of
     * the residualised phenotypes is read from memory once per block instead of once per variant.
     * Single-threaded both paths run at the same speed (compute-bound; measured n = 100k, k = 11:
     * ~0.6 ms a variant); the block path cuts memory traffic ~B-fold for when many cores share the
     * memory bandwidth.
     *
     * @param dosagesColMajor {@code n * variantCount} A1 dosages, {@code NaN} = missing
     * @param out one buffer per variant ({@code out[v]}, distinct, from {@link #newResult()})
     */
    public void testDenseBlock(double[] dosagesColMajor, int variantCount, LinearResult[] out) {
        final int n = basis.sampleCount();
        if (variantCount < 0 || dosagesColMajor.length != (long) n * variantCount || out.length < variantCount) {
            throw new IllegalArgumentException("expected " + n + " * " + variantCount + " dosages and " + variantCount
                    + " buffers, got " + dosagesColMajor.length + " and " + out.length);
        }
        for (int v = 0; v < variantCount; v++) {
            checkBuffer(out[v]);
            out[v].pending = prepareDense(dosagesColMajor, v * n, out[v]);
            if (out[v].pending) {
                clearSums(out[v]);
            }
        }
        for (int start = 0; start < n; start += SAMPLE_TILE) {
            final int len = Math.min(SAMPLE_TILE, n - start);
            for (int v = 0; v < variantCount; v++) {
                if (out[v].pending) {
                    accumulate(out[v], start, len);
                }
            }
        }
        for (int v = 0; v < variantCount; v++) {
            if (out[v].pending) {
                out[v].pending = false;
                finish(out[v].missingCount, out[v].obsCt, out[v].gg, out[v]);
            }
        }
    }

    /**
     * Scans one dense variant: missing samples, constant check; points {@code out.g}/{@code
     * out.gOffset} at the dosages to use (the input, or a copy with missing values set to 0 or the
     * mean). Returns false when {@code out} is already final (an error code).
     */
    private boolean prepareDense(double[] dosages, int off, LinearResult out) {
        final int n = basis.sampleCount();
        int missing = 0;
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        final int[] missingIdx = out.missingIdx;
        // one pass: the copy with missing values set to 0 is written as the input is scanned
        final double[] g = out.genotypes;
        for (int i = 0; i < n; i++) {
            final double v = dosages[off + i];
            if (v != v) {
                missingIdx[missing++] = i;
                g[i] = 0.0;
            } else {
                g[i] = v;
                sum += v;
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
        }
        if (missing < n && (Double.isInfinite(min) || Double.isInfinite(max))) {
            throw new IllegalArgumentException("a dosage is infinite");
        }
        int obs = n - missing;
        out.g = g;
        out.gOffset = 0;
        if (missing > 0 && basis.options().missingDosages() == MissingDosagePolicy.MEAN_IMPUTE && obs > 0) {
            final double fill = sum / obs;
            for (int t = 0; t < missing; t++) {
                g[missingIdx[t]] = fill;
            }
            missing = 0;
            obs = n;
        }
        out.obsCt = obs;
        out.missingCount = missing;
        return precheck(obs, min, max, out);
    }

    private void clearSums(LinearResult out) {
        java.util.Arrays.fill(out.u, 0.0);
        java.util.Arrays.fill(out.gy, 0.0);
        out.gg = 0.0;
    }

    /** Adds samples {@code [start, start + len)} to {@code Q^T g}, {@code g^T g} and {@code Y_r^T g}. */
    private void accumulate(LinearResult out, int start, int len) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        final double[] q = basis.q();
        final double[] g = out.g;
        final int gOff = out.gOffset + start;
        DenseVectors.multiDot(q, start, n, k, g, gOff, len, out.u, 0);
        out.gg += DenseVectors.dot(g, gOff, g, gOff, len);
        DenseVectors.multiDot(residualsColMajor, start, n, phenotypeCount, g, gOff, len, out.gy, 0);
    }

    /**
     * Tests one variant given sparsely: O(nnz (k + m)) plus the missing samples' downdate.
     *
     * @param sampleIdx the samples with a non-zero A1 dosage, {@code [0, nonZeroCount)} used;
     *     distinct, in {@code [0, n)}
     * @param dosages their dosages (parallel to {@code sampleIdx})
     * @param missingIdx the samples with a missing genotype, {@code [0, missingCount)} used; distinct
     *     and disjoint from {@code sampleIdx}. Every other sample has dosage 0.
     * @throws IllegalArgumentException on an index out of range, repeated, or both non-zero and
     *     missing, or a non-finite dosage
     */
    public void testSparse(
            int[] sampleIdx, double[] dosages, int nonZeroCount, int[] missingIdx, int missingCount, LinearResult out) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        final int m = phenotypeCount;
        checkBuffer(out);
        if (nonZeroCount < 0 || missingCount < 0 || nonZeroCount + missingCount > n) {
            throw new IllegalArgumentException(
                    "bad counts: nonZeroCount=" + nonZeroCount + ", missingCount=" + missingCount + ", n=" + n);
        }
        validateSparse(sampleIdx, dosages, nonZeroCount, missingIdx, missingCount, out.sampleMarks);
        int obs = n - missingCount;
        final boolean impute =
                missingCount > 0 && obs > 0 && basis.options().missingDosages() == MissingDosagePolicy.MEAN_IMPUTE;
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < nonZeroCount; t++) {
            final double v = dosages[t];
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n - nonZeroCount - missingCount > 0) {
            min = Math.min(min, 0.0);
            max = Math.max(max, 0.0);
        }
        final double fill = impute ? sum / obs : 0.0;
        if (impute) {
            obs = n;
        }
        out.obsCt = obs;
        if (!precheck(obs, min, max, out)) {
            return;
        }
        final double[] qy = rows().qy();
        final int w = k + m;
        final double[] acc = out.acc; // k + m sums: Q^T g, then Y_r^T g
        java.util.Arrays.fill(acc, 0, w, 0.0);
        double gg = 0.0;
        for (int t = 0; t < nonZeroCount; t++) {
            final int row = sampleIdx[t] * w;
            final double v = dosages[t];
            gg += v * v;
            for (int a = 0; a < w; a++) {
                acc[a] += qy[row + a] * v;
            }
        }
        if (impute) {
            for (int t = 0; t < missingCount; t++) {
                final int row = missingIdx[t] * w;
                gg += fill * fill;
                for (int a = 0; a < w; a++) {
                    acc[a] += qy[row + a] * fill;
                }
            }
        }
        System.arraycopy(acc, 0, out.u, 0, k);
        System.arraycopy(acc, k, out.gy, 0, m);
        if (impute) {
            finish(0, obs, gg, out);
        } else {
            System.arraycopy(missingIdx, 0, out.missingIdx, 0, missingCount);
            finish(missingCount, obs, gg, out);
        }
    }

    private void checkBuffer(LinearResult out) {
        if (out.phenotypeCount() != phenotypeCount
                || out.genotypes.length != basis.sampleCount()
                || out.u.length != basis.predictorCount()) {
            throw new IllegalArgumentException("result buffer was not made by this kernel's newResult()");
        }
    }

    /** Checks the sparse input in O(nnz + missing), using {@code marks} (all 0 on entry and exit). */
    private static void validateSparse(
            int[] sampleIdx, double[] dosages, int nnz, int[] missingIdx, int missingCount, byte[] marks) {
        final int n = marks.length;
        String problem = null;
        int nzMarked = 0;
        int missMarked = 0;
        for (; nzMarked < nnz; nzMarked++) {
            final int i = sampleIdx[nzMarked];
            if (i < 0 || i >= n || marks[i] != 0) {
                problem = "non-zero sample index " + i + " out of range or repeated";
                break;
            }
            if (!Double.isFinite(dosages[nzMarked])) {
                problem = "dosage of sample " + i + " is not finite";
                break;
            }
            marks[i] = 1;
        }
        if (problem == null) {
            for (; missMarked < missingCount; missMarked++) {
                final int i = missingIdx[missMarked];
                if (i < 0 || i >= n || marks[i] != 0) {
                    problem = "missing sample index " + i + " out of range, repeated or also non-zero";
                    break;
                }
                marks[i] = 2;
            }
        }
        for (int t = 0; t < nzMarked; t++) {
            marks[sampleIdx[t]] = 0;
        }
        for (int t = 0; t < missMarked; t++) {
            marks[missingIdx[t]] = 0;
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Covariate, sample-count and constant-genotype checks; false when {@code out} is final. */
    private boolean precheck(int obs, double min, double max, LinearResult out) {
        if (basis.errcode() != GlmErrcode.NONE) {
            out.fail(basis.errcode());
            return false;
        }
        if (obs <= basis.predictorCount() + 1) {
            out.fail(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
            return false;
        }
        if (!(max > min)) {
            out.fail(GlmErrcode.CONST_OMITTED_ALLELE);
            return false;
        }
        return true;
    }

    private void finish(int missing, int obs, double gg, LinearResult out) {
        final int k = basis.predictorCount();
        final int m = phenotypeCount;
        final double[] u = out.u;
        final double[] cTg = out.cTg;
        basis.cTransposeFromQ(u, cTg);
        final double s;
        final double[] covInverse; // (C_S^T C_S)^-1, k×k
        final double[] chol = out.kByK; // Cholesky factor of A (missing case)
        if (missing == 0) {
            s = gg - DenseVectors.dot(u, 0, u, 0, k);
            final GlmErrcode err = basis.checkGenotypeAllSamples(cTg, gg, s, out.kSmall);
            if (err != GlmErrcode.NONE) {
                out.fail(err);
                return;
            }
            basis.rInverseTimes(u, out.a);
            covInverse = basis.gramInverse();
        } else {
            final SampleRows sr = rows();
            final double[] qy = sr.qy();
            final double[] c = sr.c();
            final int rowWidth = k + m;
            final double[] subsetGram = out.kByK2;
            System.arraycopy(basis.gram(), 0, subsetGram, 0, k * k);
            java.util.Arrays.fill(chol, 0.0);
            for (int a = 0; a < k; a++) {
                chol[a + a * k] = 1.0;
            }
            final int[] missingIdx = out.missingIdx;
            for (int t = 0; t < missing; t++) {
                final int qi = missingIdx[t] * rowWidth;
                final int ci = missingIdx[t] * k;
                for (int a = 0; a < k; a++) {
                    final double qa = qy[qi + a];
                    final double ca = c[ci + a];
                    for (int b = 0; b <= a; b++) {
                        chol[a + b * k] -= qa * qy[qi + b];
                        subsetGram[a + b * k] -= ca * c[ci + b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < a; b++) {
                    subsetGram[b + a * k] = subsetGram[a + b * k];
                }
            }
            final GlmErrcode err = basis.checkGenotypeSubset(subsetGram, cTg, gg, obs, out.kSmall);
            if (err != GlmErrcode.NONE) {
                out.fail(err);
                return;
            }
            if (!Cholesky.decompose(chol, k)) {
                out.fail(GlmErrcode.VIF_INFINITE);
                return;
            }
            final double[] w = out.w;
            System.arraycopy(u, 0, w, 0, k);
            Cholesky.solve(chol, k, w);
            s = gg - DenseVectors.dot(u, 0, w, 0, k);
            basis.rInverseTimes(w, out.a);
            // (C_S^T C_S)^-1 = R^-1 A^-1 R^-T
            final double[] aInv = out.kByK3;
            Cholesky.invert(chol, k, aInv);
            covInverse = out.kByK2;
            congruenceRInverse(basis.rInverse(), aInv, k, covInverse);
            // b_j = -Q_M^T y_{r,M}, stored column j of kByM
            final double[] b = out.kByM;
            java.util.Arrays.fill(b, 0.0);
            for (int t = 0; t < missing; t++) {
                final int qi = missingIdx[t] * rowWidth;
                for (int j = 0; j < m; j++) {
                    final double yv = qy[qi + k + j];
                    for (int a = 0; a < k; a++) {
                        b[a + j * k] -= qy[qi + a] * yv;
                    }
                }
            }
        }
        if (!(s > 0.0)) {
            out.fail(GlmErrcode.RANK_DEFICIENT);
            return;
        }
        // (X^T X)^-1 of X = [C, g] by blocks: V_CC = P + a a^T / s, V_Cg = -a / s, V_gg = 1 / s
        final double[] a = out.a;
        double minDiag = 1.0 / s;
        for (int i = 1; i < k; i++) {
            minDiag = Math.min(minDiag, covInverse[i + i * k] + a[i] * a[i] / s);
        }
        final boolean pairsInvalid = estimatesTooCorrelated(covInverse, a, s, k, out.kSmall);
        final double df = obs - k - 1;
        for (int j = 0; j < m; j++) {
            double gyAdj = out.gy[j];
            double rss0 = residualSs[j];
            if (missing > 0) {
                final double[] b = out.kByM;
                final int bOff = j * k;
                final double[] qyRows = rows().qy();
                double yyM = 0.0;
                for (int t = 0; t < missing; t++) {
                    final double yv = qyRows[out.missingIdx[t] * (k + m) + k + j];
                    yyM += yv * yv;
                }
                final double[] ainvB = out.kSmall;
                System.arraycopy(b, bOff, ainvB, 0, k);
                Cholesky.solve(chol, k, ainvB);
                gyAdj -= DenseVectors.dot(out.w, 0, b, bOff, k);
                rss0 -= yyM + DenseVectors.dot(b, bOff, ainvB, 0, k);
            }
            final double beta = gyAdj / s;
            double rss = rss0 - beta * gyAdj;
            if (rss < 0.0) {
                rss = 0.0;
            }
            final double sigma2 = rss / df;
            if (pairsInvalid || !(sigma2 * minDiag >= MIN_VARIANCE)) {
                out.fail(j, GlmErrcode.INVALID_RESULT);
                continue;
            }
            final double se = Math.sqrt(sigma2 / s);
            final double t = beta / se;
            out.errcode[j] = GlmErrcode.NONE;
            out.beta[j] = beta;
            out.se[j] = se;
            out.tStat[j] = t;
            out.lnP[j] = Distributions.tStatToLnP(t, df);
        }
    }

    /** {@code out = Rinv * A * Rinv^T} (k×k), Rinv upper triangular. */
    private static void congruenceRInverse(double[] rInv, double[] aSym, int k, double[] out) {
        // out_ab = sum_{p>=a, q>=b} Rinv_ap A_pq Rinv_bq
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0.0;
                for (int p = a; p < k; p++) {
                    final double rap = rInv[a + p * k];
                    double inner = 0.0;
                    for (int qq = b; qq < k; qq++) {
                        inner += aSym[p + qq * k] * rInv[b + qq * k];
                    }
                    s += rap * inner;
                }
                out[a + b * k] = s;
                out[b + a * k] = s;
            }
        }
    }

    /**
     * PLINK's pairwise validity check on {@code V = (X^T X)^-1}, {@code X = [C, g]}: true if some
     * {@code V_ij > 0.99999 sqrt(V_ii V_jj)} (signed, as plink-ng does). Scale-free, so the same for
     * every phenotype.
     */
    static boolean estimatesTooCorrelated(double[] covInverse, double[] a, double s, int k, double[] scratch) {
        for (int i = 0; i < k; i++) {
            scratch[i] = Math.sqrt(covInverse[i + i * k] + a[i] * a[i] / s);
        }
        final double sdG = Math.sqrt(1.0 / s);
        for (int i = 0; i < k; i++) {
            if (-a[i] / s > MAX_ESTIMATE_CORR * scratch[i] * sdG) {
                return true;
            }
            for (int j = 0; j < i; j++) {
                final double v = covInverse[i + j * k] + a[i] * a[j] / s;
                if (v > MAX_ESTIMATE_CORR * scratch[i] * scratch[j]) {
                    return true;
                }
            }
        }
        return false;
    }
}
