package org.musubi.stats;

import java.io.Serializable;
import org.musubi.stats.linalg.Cholesky;

/**
 * REGENIE's step-2 test of a binary trait with the step-1 LOCO prediction as an offset (REGENIE 1.0.6.7 {@code
 * fit_null_logistic}, {@code analyze_block}, {@code check_pval_snp}, {@code fit_firth_logistic_snp}), for one
 * phenotype, one sample set and one chromosome's LOCO row. Used by {@code gwas --pred}.
 *
 * <p>Null model: logistic regression of y on the covariate basis Q with the LOCO offset, by REGENIE's IRLS (start
 * from logit((y+½)/2), step halving, stop at max|score| &lt; 1e-8 or relative deviance change &lt; 1e-8, ≤ 30
 * iterations). Per variant the score test: {@code z = gᵀ(y−p̂) / √(gᵀWg − gᵀWQ(QᵀWQ)⁻¹QᵀWg)}, BETA = z/√V and SE =
 * 1/√V on the raw genotype scale (g: centred, mean-imputed ALT dosage). Where the score test's P is below {@code
 * pThreshold}, Firth's penalised likelihood-ratio test replaces it ({@link RegenieFirth}): {@link Firth#APPROX}
 * (REGENIE's {@code --firth --approx}) fits only the genotype, residualised on the covariates and scaled to unit SD,
 * with the covariates' effects of a null Firth fit (covariates only) and the LOCO as the offset; {@link Firth#FULL}
 * ({@code --firth}) fits the covariates and the genotype, the null deviance from a null Firth fit per variant. BETA
 * and SE then come from the Firth fit (SE from its information matrix), CHISQ is the likelihood-ratio statistic.
 */
public final class RegenieBt implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double TOL = 1e-8;
    static final int MAX_ITER = 30;
    static final int LINE_SEARCH = 25;

    /** Firth correction: none (score test only), REGENIE's {@code --approx}, or the full model. */
    public enum Firth {
        NONE,
        APPROX,
        FULL
    }

    private final int n;
    private final int k;
    private final double[] q;
    private final double[] y;
    private final double[] loco;
    private final double[] p;
    private final double[] w;
    /** (QᵀWQ)⁻¹, k×k. */
    private final double[] xtwxInv;
    /** Qᵀ(y − p̂), the null model's score (≈ 0). */
    private final double[] score0;

    private final Firth firth;
    private final double chisqThreshold;
    /** APPROX: LOCO + Q·β of the null Firth fit; FULL: the LOCO. */
    private final double[] firthOffset;
    /** FULL: the start of the per-variant null fit. */
    private final double[] firthStart;

    private RegenieBt(
            int n,
            int k,
            double[] q,
            double[] y,
            double[] loco,
            double[] p,
            double[] xtwxInv,
            double[] score0,
            Firth firth,
            double chisqThreshold,
            double[] firthOffset,
            double[] firthStart) {
        this.n = n;
        this.k = k;
        this.q = q;
        this.y = y;
        this.loco = loco;
        this.p = p;
        this.w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = p[i] * (1 - p[i]);
        }
        this.xtwxInv = xtwxInv;
        this.score0 = score0;
        this.firth = firth;
        this.chisqThreshold = chisqThreshold;
        this.firthOffset = firthOffset;
        this.firthStart = firthStart;
    }

    /**
     * Fits the null model(s).
     *
     * @param y01 the phenotype, 0/1
     * @param loco the chromosome's LOCO prediction (linear-predictor scale)
     * @param pThreshold Firth where the score test's P is below this (REGENIE's {@code --pThresh})
     * @return the prepared test, or null when the null logistic model does not converge (the message says why)
     */
    public static RegenieBt create(CovariateBasis basis, double[] y01, double[] loco, Firth firth, double pThreshold) {
        int n = basis.sampleCount();
        int k = basis.predictorCount();
        double[] q = basis.q();
        double[] p = nullLogistic(q, n, k, y01, loco);
        if (p == null) {
            return null;
        }
        double[] a = new double[k * k];
        double[] wq = new double[n * k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                wq[c * n + i] = p[i] * (1 - p[i]) * q[c * n + i];
            }
        }
        double[] score0 = new double[k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d <= c; d++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += wq[c * n + i] * q[d * n + i];
                }
                a[c + d * k] = s;
                a[d + c * k] = s;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += q[c * n + i] * (y01[i] - p[i]);
            }
            score0[c] = s;
        }
        if (!Cholesky.decompose(a, k, 0)) {
            return null;
        }
        double[] inv = new double[k * k];
        Cholesky.invert(a, k, inv);
        double thr = firth == Firth.NONE ? Double.POSITIVE_INFINITY : chisqUpperQuantile(pThreshold);
        double[] offset = loco;
        double[] start = null;
        if (firth != Firth.NONE) {
            double ysum = 0;
            double locoMean = 0;
            for (int i = 0; i < n; i++) {
                ysum += y01[i];
                locoMean += loco[i];
            }
            locoMean /= n;
            double b0 = (0.5 + ysum) / (n + 1);
            b0 = Math.log(b0 / (1 - b0)) - locoMean;
            if (firth == Firth.APPROX) {
                // null Firth fit on the covariates (REGENIE fit_null_firth; retried with step 5, 5000 iterations)
                double[] beta = new double[k];
                RegenieFirth f = new RegenieFirth(n, k);
                boolean ok = false;
                for (int trial = 0; trial < 2 && !ok; trial++) {
                    java.util.Arrays.fill(beta, 0);
                    beta[0] = b0;
                    ok = f.fit(q, k, loco, y01, beta, trial == 0 ? 25 : 5, trial == 0 ? 1000 : 5000, false);
                }
                if (!ok) {
                    return null;
                }
                offset = new double[n];
                for (int i = 0; i < n; i++) {
                    double e = loco[i];
                    for (int c = 0; c < k; c++) {
                        e += q[c * n + i] * beta[c];
                    }
                    offset[i] = e;
                }
            } else {
                start = new double[k + 1];
                start[0] = b0;
            }
        }
        return new RegenieBt(n, k, q, y01, loco, p, inv, score0, firth, thr, offset, start);
    }

    public int sampleCount() {
        return n;
    }

    /** Workspace of {@link #test}: one per thread. */
    public Workspace newWorkspace() {
        return new Workspace(n, k, firth);
    }

    /** Scratch arrays of one thread. */
    public static final class Workspace {
        final double[] g;
        final double[] v;
        final double[] x;
        final double[] beta;
        final RegenieFirth fit;
        final RegenieFirth nullFit;

        Workspace(int n, int k, Firth firth) {
            g = new double[n];
            v = new double[k];
            int m = firth == Firth.FULL ? k + 1 : 1;
            x = firth == Firth.FULL ? new double[n * (k + 1)] : g;
            beta = new double[m];
            fit = firth == Firth.NONE ? null : new RegenieFirth(n, m);
            nullFit = fit;
        }
    }

    /**
     * Tests one variant.
     *
     * @param dosages n ALT dosages (NaN = missing, mean-imputed)
     * @return false when the variant is not tested (MAC below {@code minMac}; monomorphic after the covariates)
     */
    public boolean test(double[] dosages, double minMac, Workspace ws, RegenieResult out) {
        double[] g = ws.g;
        double mac = RegenieGenotype.center(dosages, n, g, out);
        if (mac < minMac) {
            return false;
        }
        out.firth = false;
        out.failed = false;
        double sf = 1;
        if (firth == Firth.APPROX) {
            // REGENIE residualises and scales the genotype when --approx is on (the score test is unchanged by it)
            double ss = RegenieGenotype.residualize(q, n, k, g);
            sf = Math.sqrt(ss / (n - 1));
            if (sf < RegenieQt.NUMTOL) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                g[i] /= sf;
            }
        }
        double[] v = ws.v;
        double gwg = 0;
        double num = 0;
        java.util.Arrays.fill(v, 0);
        for (int i = 0; i < n; i++) {
            double wg = w[i] * g[i];
            gwg += wg * g[i];
            num += g[i] * (y[i] - p[i]);
            for (int c = 0; c < k; c++) {
                v[c] += q[c * n + i] * wg;
            }
        }
        double quad = 0;
        double corr = 0;
        for (int c = 0; c < k; c++) {
            double mv = 0;
            for (int d = 0; d < k; d++) {
                mv += xtwxInv[c + d * k] * v[d];
            }
            quad += v[c] * mv;
            corr += mv * score0[c];
        }
        double denum = gwg - quad;
        double z = (num - corr) / Math.sqrt(denum);
        double chisq = z * z;
        if (chisq > chisqThreshold) {
            out.firth = true;
            if (!firthTest(ws, sf, out)) {
                out.fail();
            }
            return true;
        }
        out.se = 1 / Math.sqrt(denum) / sf;
        out.beta = z / Math.sqrt(denum) / sf;
        out.setChisq(chisq);
        return true;
    }

    private boolean firthTest(Workspace ws, double sf, RegenieResult out) {
        double[] beta = ws.beta;
        RegenieFirth f = ws.fit;
        if (firth == Firth.APPROX) {
            beta[0] = 0;
            if (!f.fit(ws.g, 1, firthOffset, y, beta, 5, 250, false)) {
                return false;
            }
        } else {
            double[] x = ws.x;
            System.arraycopy(q, 0, x, 0, n * k);
            System.arraycopy(ws.g, 0, x, n * k, n);
            System.arraycopy(firthStart, 0, beta, 0, k + 1);
            if (!f.fit(x, k, loco, y, beta, 25, 1000, true)) {
                return false;
            }
            if (!f.fit(x, k + 1, loco, y, beta, 5, 250, false)) {
                return false;
            }
        }
        double lrt = f.devStart - f.devEnd;
        if (!(lrt >= 0)) {
            return false;
        }
        out.beta = beta[beta.length - 1] / sf;
        out.se = f.seLast / sf;
        out.setChisq(lrt);
        return true;
    }

    /** REGENIE's null logistic model with the offset; the fitted p, or null when not converged. */
    static double[] nullLogistic(double[] q, int n, int k, double[] y, double[] offset) {
        double[] pi = new double[n];
        double[] eta = new double[n];
        double[] beta = new double[k];
        double etaMean = 0;
        double offMean = 0;
        for (int i = 0; i < n; i++) {
            pi[i] = (0.5 + y[i]) / 2;
            eta[i] = Math.log(pi[i] / (1 - pi[i]));
            etaMean += eta[i];
            offMean += offset[i];
        }
        double[] betaOld = new double[k];
        betaOld[0] = etaMean / n - offMean / n;
        double devOld = deviance(y, pi);
        double[] a = new double[k * k];
        double[] rhs = new double[k];
        double[] betaNew = new double[k];
        int iter = 0;
        while (iter++ < MAX_ITER) {
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(rhs, 0);
            for (int i = 0; i < n; i++) {
                double wi = pi[i] * (1 - pi[i]);
                if (wi == 0) {
                    return null;
                }
                double zi = eta[i] + (y[i] - pi[i]) / wi - offset[i];
                for (int c = 0; c < k; c++) {
                    double xc = q[c * n + i] * wi;
                    rhs[c] += xc * zi;
                    for (int d = 0; d <= c; d++) {
                        a[c + d * k] += xc * q[d * n + i];
                    }
                }
            }
            if (!Cholesky.decompose(a, k, 0)) {
                return null;
            }
            Cholesky.solve(a, k, rhs);
            System.arraycopy(rhs, 0, betaNew, 0, k);
            double devNew = Double.NaN;
            for (int s = 1; s <= LINE_SEARCH; s++) {
                boolean inRange = true;
                for (int i = 0; i < n; i++) {
                    double e = offset[i];
                    for (int c = 0; c < k; c++) {
                        e += q[c * n + i] * betaNew[c];
                    }
                    eta[i] = e;
                    pi[i] = 1 - 1 / (Math.exp(e) + 1);
                    inRange &= pi[i] > 0 && pi[i] < 1;
                }
                devNew = deviance(y, pi);
                if (inRange && Double.isFinite(devNew)) {
                    break;
                }
                for (int c = 0; c < k; c++) {
                    betaNew[c] = (betaOld[c] + betaNew[c]) / 2;
                }
            }
            double maxScore = 0;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += q[c * n + i] * (y[i] - pi[i]);
                }
                maxScore = Math.max(maxScore, Math.abs(s));
            }
            if (maxScore < TOL || Math.abs(devNew - devOld) / (0.1 + Math.abs(devNew)) < TOL) {
                break;
            }
            System.arraycopy(betaNew, 0, betaOld, 0, k);
            devOld = devNew;
        }
        return iter > MAX_ITER ? null : pi;
    }

    private static double deviance(double[] y, double[] pi) {
        double d = 0;
        for (int i = 0; i < y.length; i++) {
            d += y[i] == 1 ? Math.log(1 / pi[i]) : Math.log(1 / (1 - pi[i]));
        }
        return 2 * d;
    }

    /** The χ²₁ value with upper-tail probability {@code alpha} (boost {@code quantile(complement(chisq, alpha))}). */
    static double chisqUpperQuantile(double alpha) {
        double lo = 0;
        double hi = 2000;
        double target = Math.log(alpha);
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (Distributions.chisqToLnP(mid, 1) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
