package org.musubi.stats;

import java.io.Serializable;
import org.musubi.stats.linalg.Cholesky;
import org.musubi.stats.linalg.DenseVectors;

/**
 * Logistic regression GWAS kernel for a 0/1 phenotype: per variant, the maximum likelihood fit of
 * {@code logit P(y = 1) = C beta_C + g beta_g} by Newton's method (= IRLS), Wald test of {@code
 * beta_g}, with PLINK 2's Firth fallback (SPECS §3.2, {@link FirthMode}).
 *
 * <p>Per variant, in PLINK's order: sample count, constant genotype, {@code --max-corr}/{@code
 * --vif} (through {@link CovariateBasis}, the same checks as the linear kernel), then
 *
 * <ul>
 *   <li>separation pre-check, as PLINK for each allele of the variant: if the A1 dosage of the
 *       cases is 0 or equals the total (controls have none), or the same holds for the omitted
 *       allele (dosage {@code 2 - g}: every case hom-A1, or every control hom-A1), the MLE does not
 *       exist: Firth ({@code FIRTH_FALLBACK}) or {@link GlmErrcode#SEPARATION} ({@code NO_FIRTH};
 *       {@link LogisticResult#a1Separated()} and {@link LogisticResult#omittedSeparated()} say
 *       which allele PLINK names in {@code SEPARATION,<allele>});
 *   <li>Newton from the covariates-only fit (computed once) with {@code beta_g = 0}: converged
 *       when the Newton decrement {@code grad^T H^-1 grad < 1e-14} (scale-free; the final step is
 *       then below ~1e-7 standard errors), with step halving when the likelihood drops; a singular
 *       information, a non-finite likelihood, or no convergence within {@link
 *       GlmOptions#logisticMaxIterations()} (PLINK: 25) is a failure: Firth ({@code
 *       FIRTH_FALLBACK}) or {@link GlmErrcode#LOGISTIC_CONVERGE_FAIL}. So is a "converged" fit
 *       with a fitted probability within {@code 10 * DBL_EPSILON} of 0 or 1 (R glm.fit's
 *       separation warning): under separation the Newton decrement also vanishes. (PLINK 2 instead
 *       reports a result that hits the limit as {@code UNFINISHED}; a fit that has not converged
 *       in 25 Newton steps is almost always diverging, so Musubi treats it as a failure.)
 *   <li>if the covariates alone do not converge (they separate the phenotype), every variant uses
 *       Firth in {@code FIRTH_FALLBACK} mode, as PLINK does.
 * </ul>
 *
 * Then PLINK's validity check on {@code (X^T W X)^-1} ({@link GlmErrcode#INVALID_RESULT}), and
 * {@code SE = sqrt([(X^T W X)^-1]_gg)}, {@code Z = beta / SE}, {@code P = 2 Phi(-|Z|)}.
 *
 * <p>Cost: {@code O(n k^2)} per Newton iteration (typically 3–5 from the null fit). Missing
 * genotypes are dropped (the observed rows are compacted, O(n k)) or mean-imputed per {@link
 * GlmOptions#missingDosages()}. Immutable and {@link Serializable}; scratch lives in the {@link
 * LogisticResult} buffer ({@link #newResult()}, one per thread).
 */
public final class LogisticRegression implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double DECREMENT_TOL = 1e-14;
    static final int MAX_HALVINGS = 20;
    /** {@code |eta|} beyond which {@code pi} is within {@code 10 * 2^-52} of 0 or 1: {@code -ln(10 eps)}. */
    static final double SEPARATED_ETA = -Math.log(10 * Math.ulp(1.0));

    private static final double MIN_VARIANCE = 1e-20;
    private static final double MAX_ESTIMATE_CORR = 0.99999;

    private final CovariateBasis basis;
    private final double[] phenotype;
    private final int caseCount;
    private final double[] nullBeta;
    private final boolean nullConverged;

    private LogisticRegression(
            CovariateBasis basis, double[] phenotype, int caseCount, double[] nullBeta, boolean nullConverged) {
        this.basis = basis;
        this.phenotype = phenotype;
        this.caseCount = caseCount;
        this.nullBeta = nullBeta;
        this.nullConverged = nullConverged;
    }

    /**
     * Prepares a binary phenotype: fits the covariates-only model once (the per-variant starting
     * point, and the "covariates separate the phenotype" test). A phenotype without cases or
     * without controls has no covariates-only fit, so every variant would go to Firth; PLINK skips
     * such a phenotype, and so should the caller.
     *
     * @param phenotype01 n values, each 0 (control) or 1 (case)
     * @throws IllegalArgumentException on a length mismatch or a value other than 0/1
     */
    public static LogisticRegression create(CovariateBasis basis, double[] phenotype01) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        if (phenotype01.length != n) {
            throw new IllegalArgumentException("expected " + n + " phenotype values, got " + phenotype01.length);
        }
        int cases = 0;
        for (int i = 0; i < n; i++) {
            final double v = phenotype01[i];
            if (v != 0.0 && v != 1.0) {
                throw new IllegalArgumentException("phenotype of sample " + i + " is not 0 or 1: " + v);
            }
            if (v == 1.0) {
                cases++;
            }
        }
        final double[] y = phenotype01.clone();
        final double[] beta = new double[k];
        boolean converged = false;
        if (basis.errcode() == GlmErrcode.NONE && cases > 0 && cases < n) {
            // start at the intercept-only MLE
            beta[0] = Math.log(cases / (double) (n - cases));
            final LogisticWorkspace ws = new LogisticWorkspace(n, k);
            converged = newton(basis.design(), k, null, n, y, beta, GlmOptions.DEFAULT_MAX_ITERATIONS * 2, ws)
                    == FitStatus.CONVERGED;
        }
        if (!converged) {
            java.util.Arrays.fill(beta, 0.0);
        }
        return new LogisticRegression(basis, y, cases, beta, converged);
    }

    public CovariateBasis basis() {
        return basis;
    }

    /** Cases (y = 1) among the n samples. */
    public int caseCount() {
        return caseCount;
    }

    /** Whether the covariates-only model converged; if not, firth-fallback fits every variant with Firth. */
    public boolean nullModelConverged() {
        return nullConverged;
    }

    /** A result buffer (with scratch space) for this kernel; one per thread. */
    public LogisticResult newResult() {
        return new LogisticResult(basis.sampleCount(), basis.predictorCount());
    }

    /**
     * Tests one variant.
     *
     * @param dosages n A1 dosages, {@code NaN} = missing; not modified
     * @throws IllegalArgumentException if the length is not n or a dosage is infinite
     */
    public void testDense(double[] dosages, LogisticResult out) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        if (dosages.length != n) {
            throw new IllegalArgumentException("expected " + n + " dosages, got " + dosages.length);
        }
        if (out.genotypes.length != n || out.u.length != k) {
            throw new IllegalArgumentException("result buffer was not made by this kernel's newResult()");
        }
        final GlmOptions options = basis.options();
        out.firthUsed = false;
        out.a1Separated = false;
        out.omittedSeparated = false;
        int missing = 0;
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        final int[] missingIdx = out.missingIdx;
        for (int i = 0; i < n; i++) {
            final double v = dosages[i];
            if (v != v) {
                missingIdx[missing++] = i;
            } else {
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
        double[] g = dosages;
        if (missing > 0) {
            g = out.genotypes;
            final boolean impute = options.missingDosages() == MissingDosagePolicy.MEAN_IMPUTE && obs > 0;
            final double fill = impute ? sum / obs : 0.0;
            for (int i = 0; i < n; i++) {
                final double v = dosages[i];
                g[i] = v != v ? fill : v;
            }
            if (impute) {
                missing = 0;
                obs = n;
            }
        }
        out.obsCt = obs;
        if (basis.errcode() != GlmErrcode.NONE) {
            out.fail(basis.errcode());
            return;
        }
        if (obs <= k + 1) {
            out.fail(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
            return;
        }
        if (!(max > min)) {
            out.fail(GlmErrcode.CONST_OMITTED_ALLELE);
            return;
        }
        // --max-corr / --vif, as in the linear kernel
        final double[] q = basis.q();
        final double[] u = out.u;
        for (int a = 0; a < k; a++) {
            u[a] = DenseVectors.dot(q, a * n, g, 0, n);
        }
        final double gg = DenseVectors.dot(g, 0, g, 0, n);
        basis.cTransposeFromQ(u, out.cTg);
        final GlmErrcode vifErr;
        if (missing == 0) {
            vifErr = basis.checkGenotypeAllSamples(out.cTg, gg, gg - DenseVectors.dot(u, 0, u, 0, k), out.kSmall);
        } else {
            vifErr = basis.checkGenotypeSubset(subsetGram(missing, out), out.cTg, gg, obs, out.kSmall);
        }
        if (vifErr != GlmErrcode.NONE) {
            out.fail(vifErr);
            return;
        }
        // the design on the observed samples
        final LogisticWorkspace ws = out.ws;
        double[] c = basis.design();
        double[] y = phenotype;
        double[] gObs = g;
        if (missing > 0) {
            c = ws.cCompact(k);
            gObs = ws.gCompact;
            y = ws.yCompact;
            compact(basis.design(), k, g, phenotype, n, missingIdx, missing, c, gObs, y);
        }
        double caseDosage = 0.0;
        double totalDosage = 0.0;
        double caseCount = 0.0;
        for (int i = 0; i < obs; i++) {
            totalDosage += gObs[i];
            caseDosage += y[i] * gObs[i];
            caseCount += y[i];
        }
        // PLINK checks every allele, the omitted one too (its dosage is 2 - g): all cases hom-A1, or
        // no control carrying the omitted allele, separates as well
        out.a1Separated = caseDosage == 0.0 || caseDosage == totalDosage;
        final double omittedCase = 2.0 * caseCount - caseDosage;
        out.omittedSeparated = omittedCase == 0.0 || omittedCase == 2.0 * obs - totalDosage;
        final FirthMode mode = options.firthMode();
        boolean useFirth = mode == FirthMode.ALWAYS_FIRTH || (mode == FirthMode.FIRTH_FALLBACK && !nullConverged);
        final double[] coef = out.coef;
        FitStatus status = FitStatus.FAILED;
        if (!useFirth) {
            if (out.a1Separated || out.omittedSeparated) {
                if (mode == FirthMode.NO_FIRTH) {
                    out.fail(GlmErrcode.SEPARATION);
                    return;
                }
                useFirth = true;
            } else {
                startingPoint(coef);
                status = newton(c, k, gObs, obs, y, coef, options.logisticMaxIterations(), ws);
                if (status != FitStatus.CONVERGED) {
                    if (mode == FirthMode.NO_FIRTH) {
                        out.fail(GlmErrcode.LOGISTIC_CONVERGE_FAIL);
                        return;
                    }
                    useFirth = true;
                }
            }
        }
        if (useFirth) {
            out.firthUsed = true;
            startingPoint(coef);
            status = FirthRegression.fit(c, k, gObs, obs, y, coef, options.firthMaxIterations(), ws);
            if (status == FitStatus.FAILED) {
                out.fail(GlmErrcode.FIRTH_CONVERGE_FAIL);
                return;
            }
        }
        final int p = k + 1;
        if (!validCovariance(ws.cov, p)) {
            out.fail(GlmErrcode.INVALID_RESULT);
            return;
        }
        final double beta = coef[k];
        final double se = Math.sqrt(ws.cov[k + k * p]);
        out.errcode = status == FitStatus.UNFINISHED ? GlmErrcode.UNFINISHED : GlmErrcode.NONE;
        out.beta = beta;
        out.se = se;
        out.zStat = beta / se;
        out.lnP = Distributions.zToLnP(out.zStat);
    }

    private void startingPoint(double[] coef) {
        System.arraycopy(nullBeta, 0, coef, 0, nullBeta.length);
        coef[nullBeta.length] = 0.0;
    }

    /** {@code C_S^T C_S} over the observed samples, by downdating {@code C^T C}. */
    private double[] subsetGram(int missing, LogisticResult out) {
        final int n = basis.sampleCount();
        final int k = basis.predictorCount();
        final double[] c = basis.design();
        final double[] gram = out.kByK;
        System.arraycopy(basis.gram(), 0, gram, 0, k * k);
        for (int t = 0; t < missing; t++) {
            final int i = out.missingIdx[t];
            for (int a = 0; a < k; a++) {
                final double ca = c[i + a * n];
                for (int b = 0; b <= a; b++) {
                    gram[a + b * k] -= ca * c[i + b * n];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                gram[b + a * k] = gram[a + b * k];
            }
        }
        return gram;
    }

    private static void compact(
            double[] c,
            int k,
            double[] g,
            double[] y,
            int n,
            int[] missingIdx,
            int missing,
            double[] cOut,
            double[] gOut,
            double[] yOut) {
        final int obs = n - missing;
        int t = 0;
        int row = 0;
        for (int i = 0; i < n; i++) {
            if (t < missing && missingIdx[t] == i) {
                t++;
                continue;
            }
            gOut[row] = g[i];
            yOut[row] = y[i];
            for (int a = 0; a < k; a++) {
                cOut[row + a * obs] = c[i + a * n];
            }
            row++;
        }
    }

    /** PLINK's validParameters(): variances ≥ 1e-20 and finite, no estimate correlation > 0.99999. */
    static boolean validCovariance(double[] cov, int p) {
        for (int i = 1; i < p; i++) {
            final double v = cov[i + i * p];
            if (!(v >= MIN_VARIANCE) || Double.isInfinite(v)) {
                return false;
            }
        }
        for (int i = 1; i < p; i++) {
            final double sdI = Math.sqrt(cov[i + i * p]);
            for (int j = 0; j < i; j++) {
                if (cov[i + j * p] > MAX_ESTIMATE_CORR * sdI * Math.sqrt(cov[j + j * p])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether some fitted probability is within {@code 10 * DBL_EPSILON} of 0 or 1 (R glm.fit's
     * "fitted probabilities numerically 0 or 1" test): under separation Newton's iterates drift to
     * infinity while the gradient and the decrement vanish exponentially, so the decrement test
     * alone would accept them.
     */
    static boolean numericallySeparated(double[] eta, int rows) {
        for (int i = 0; i < rows; i++) {
            if (Math.abs(eta[i]) > SEPARATED_ETA) {
                return true;
            }
        }
        return false;
    }

    /**
     * Newton's method for the logistic MLE on the two-part design of {@link LogisticWorkspace};
     * {@code beta} is the starting point and receives the estimate; on success {@code ws.cov} holds
     * {@code (X^T W X)^-1}.
     */
    static FitStatus newton(
            double[] c,
            int cCols,
            double[] g,
            int rows,
            double[] y,
            double[] beta,
            int maxIterations,
            LogisticWorkspace ws) {
        final int p = cCols + (g != null ? 1 : 0);
        LogisticWorkspace.linearPredictor(c, cCols, g, rows, beta, ws.eta);
        double ll = LogisticWorkspace.logLikelihood(y, ws.eta, rows, ws.prob, ws.weight);
        if (!Double.isFinite(ll)) {
            return FitStatus.FAILED;
        }
        for (int iter = 0; iter < maxIterations; iter++) {
            final double[] r = ws.resid;
            for (int i = 0; i < rows; i++) {
                r[i] = y[i] - ws.prob[i];
            }
            LogisticWorkspace.transposeTimes(c, cCols, g, rows, r, ws.grad);
            LogisticWorkspace.weightedGram(c, cCols, g, rows, ws.weight, ws.hess, ws.weighted);
            if (!ws.factor(p, ws.chol)) {
                return FitStatus.FAILED;
            }
            final double[] step = ws.step;
            System.arraycopy(ws.grad, 0, step, 0, p);
            Cholesky.solve(ws.chol, p, step);
            final double decrement = DenseVectors.dot(ws.grad, 0, step, 0, p);
            if (!Double.isFinite(decrement)) {
                return FitStatus.FAILED;
            }
            if (decrement < DECREMENT_TOL) {
                // the remaining step is below ~1e-7 standard errors: take it, keep this information
                for (int j = 0; j < p; j++) {
                    beta[j] += step[j];
                }
                if (numericallySeparated(ws.eta, rows)) {
                    return FitStatus.FAILED;
                }
                Cholesky.invert(ws.chol, p, ws.cov);
                return FitStatus.CONVERGED;
            }
            double scale = 1.0;
            boolean accepted = false;
            double llTrial = Double.NaN;
            for (int h = 0; h <= MAX_HALVINGS; h++) {
                for (int j = 0; j < p; j++) {
                    ws.betaTrial[j] = beta[j] + scale * step[j];
                }
                LogisticWorkspace.linearPredictor(c, cCols, g, rows, ws.betaTrial, ws.etaTrial);
                llTrial = LogisticWorkspace.logLikelihood(y, ws.etaTrial, rows, ws.probTrial, ws.weightTrial);
                if (Double.isFinite(llTrial) && llTrial >= ll - 1e-13 * (1.0 + Math.abs(ll))) {
                    accepted = true;
                    break;
                }
                scale *= 0.5;
            }
            if (!accepted) {
                if (decrement < 1e-8 && !numericallySeparated(ws.eta, rows)) {
                    Cholesky.invert(ws.chol, p, ws.cov);
                    return FitStatus.CONVERGED;
                }
                return FitStatus.FAILED;
            }
            ws.swapTrial();
            System.arraycopy(ws.betaTrial, 0, beta, 0, p);
            ll = llTrial;
        }
        return FitStatus.FAILED;
    }
}
