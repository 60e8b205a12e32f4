package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The linear kernel: a hand-countable fit, an independent full-model OLS (Commons Math's QR
 * {@code OLSMultipleLinearRegression} on {@code [1, g, covariates]} over the observed samples) on
 * the real glow data with missing genotypes, the sparse and batch paths against the dense one, and
 * every error code.
 */
class LinearRegressionTest {
    /** Relative agreement with the independent OLS: both are backward stable, k = 7, n = 2504. */
    private static final double OLS_REL_TOL = 1e-9;

    private static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }

    @Test
    void handCountableFitWithoutCovariates() {
        // g = 0 0 1 1 2 2, y = 0 2 2 4 4 6: gbar = 1, ybar = 3, Sxy = 3+1+0+0+1+3 = 8, Sxx = 4,
        // beta = 2, intercept 1, residuals -1 1 -1 1 -1 1, RSS = 6, df = 6 - 2 = 4,
        // sigma^2 = 1.5, SE = sqrt(1.5 / 4) = 0.6123724..., T = 2 / SE = 3.2659863...
        final CovariateBasis basis = CovariateBasis.create(new double[0], 6, 0, GlmOptions.defaults());
        final LinearRegression lr = LinearRegression.create(basis, new double[] {0, 2, 2, 4, 4, 6}, 1);
        final LinearResult out = lr.newResult();
        lr.testDense(new double[] {0, 0, 1, 1, 2, 2}, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.NONE);
        assertThat(out.obsCt()).isEqualTo(6);
        assertThat(out.beta(0)).isCloseTo(2.0, within(1e-14));
        assertThat(out.se(0)).isCloseTo(Math.sqrt(0.375), within(1e-14));
        assertThat(out.tStat(0)).isCloseTo(2.0 / Math.sqrt(0.375), within(1e-13));
        final double p = 2 * new TDistribution(4).cumulativeProbability(-2.0 / Math.sqrt(0.375));
        assertThat(Math.exp(out.lnP(0))).isCloseTo(p, within(1e-14));

        // the same samples plus a seventh whose genotype is missing: dropped, identical fit
        final CovariateBasis basis7 = CovariateBasis.create(new double[0], 7, 0, GlmOptions.defaults());
        final LinearRegression lr7 = LinearRegression.create(basis7, new double[] {0, 2, 2, 100, 4, 4, 6}, 1);
        final LinearResult out7 = lr7.newResult();
        lr7.testDense(new double[] {0, 0, 1, Double.NaN, 1, 2, 2}, out7);
        assertThat(out7.obsCt()).isEqualTo(6);
        assertThat(out7.beta(0)).isCloseTo(2.0, within(1e-13));
        assertThat(out7.se(0)).isCloseTo(Math.sqrt(0.375), within(1e-13));
        lr7.testSparse(new int[] {2, 4, 5, 6}, new double[] {1, 1, 2, 2}, 4, new int[] {3}, 1, out7);
        assertThat(out7.beta(0)).isCloseTo(2.0, within(1e-13));
        assertThat(out7.se(0)).isCloseTo(Math.sqrt(0.375), within(1e-13));
    }

    @Test
    void matchesFullModelOlsOnRealDataWithMissingGenotypes() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final CovariateBasis basis =
                CovariateBasis.create(f.covariatesColMajor, n, f.covariateCount, GlmOptions.defaults());
        final double[] y = f.phenotypes("continuous.tsv", "Continuous_Trait_1");
        final LinearRegression lr = LinearRegression.create(basis, y, 1);
        final LinearResult out = lr.newResult();
        final Random rnd = new Random(20240611L);
        int compared = 0;
        for (double missingRate : new double[] {0.0, 0.0005, 0.05, 0.5}) {
            for (int v = 0; v < f.variantIds.length; v++) {
                final double[] g = f.a1Dosages[v].clone();
                for (int i = 0; i < n; i++) {
                    // never drop a carrier, so every variant stays polymorphic
                    if (g[i] == 0.0 && rnd.nextDouble() < missingRate) {
                        g[i] = Double.NaN;
                    }
                }
                lr.testDense(g, out);
                final double[] ref = referenceOls(g, y, f.covariatesColMajor, n, f.covariateCount);
                assertThat(out.errcode(0)).isEqualTo(GlmErrcode.NONE);
                assertThat(out.obsCt()).isEqualTo((int) ref[3]);
                assertThat(rel(out.beta(0), ref[0]))
                        .as("beta %s at %s", v, missingRate)
                        .isLessThan(OLS_REL_TOL);
                assertThat(rel(out.se(0), ref[1]))
                        .as("se %s at %s", v, missingRate)
                        .isLessThan(OLS_REL_TOL);
                final double refP = 2 * new TDistribution(ref[3] - 8).cumulativeProbability(-Math.abs(ref[2]));
                assertThat(rel(Math.exp(out.lnP(0)), refP)).isLessThan(1e-8);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(52);
    }

    /** {beta_g, se_g, t_g, obsCt} of y ~ 1 + g + covariates over the samples with a genotype. */
    static double[] referenceOls(double[] g, double[] y, double[] cov, int n, int c) {
        int obs = 0;
        for (double v : g) {
            obs += Double.isNaN(v) ? 0 : 1;
        }
        final double[][] x = new double[obs][c + 1];
        final double[] yy = new double[obs];
        int row = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(g[i])) {
                continue;
            }
            x[row][0] = g[i];
            for (int j = 0; j < c; j++) {
                x[row][j + 1] = cov[i + j * n];
            }
            yy[row++] = y[i];
        }
        final OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression(1e-14);
        ols.newSampleData(yy, x);
        final double beta = ols.estimateRegressionParameters()[1];
        final double se = ols.estimateRegressionParametersStandardErrors()[1];
        return new double[] {beta, se, beta / se, obs};
    }

    @Test
    void sparseBlockAndBatchPathsEqualTheDensePath() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final CovariateBasis basis =
                CovariateBasis.create(f.covariatesColMajor, n, f.covariateCount, GlmOptions.defaults());
        final String[] traits = new String[10];
        for (int j = 0; j < 10; j++) {
            traits[j] = "Continuous_Trait_" + (j + 1);
        }
        final double[] ys = f.phenotypes("continuous.tsv", traits);
        final LinearRegression batch = LinearRegression.create(basis, ys, 10);
        final LinearResult dense = batch.newResult();
        final LinearResult sparse = batch.newResult();
        final Random rnd = new Random(7L);
        final int variants = f.variantIds.length;
        final double[] block = new double[n * variants];
        final LinearResult[] blockOut = new LinearResult[variants];
        for (int v = 0; v < variants; v++) {
            final double[] g = f.a1Dosages[v].clone();
            for (int i = 0; i < n; i++) {
                if (g[i] == 0.0 && rnd.nextDouble() < 0.02) {
                    g[i] = Double.NaN;
                }
            }
            System.arraycopy(g, 0, block, v * n, n);
            blockOut[v] = batch.newResult();
        }
        batch.testDenseBlock(block, variants, blockOut);
        for (int v = 0; v < variants; v++) {
            final double[] g = java.util.Arrays.copyOfRange(block, v * n, (v + 1) * n);
            final int[] idx = new int[n];
            final double[] val = new double[n];
            final int[] miss = new int[n];
            int nnz = 0;
            int missing = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(g[i])) {
                    miss[missing++] = i;
                } else if (g[i] != 0.0) {
                    idx[nnz] = i;
                    val[nnz++] = g[i];
                }
            }
            batch.testDense(g, dense);
            batch.testSparse(idx, val, nnz, miss, missing, sparse);
            assertThat(sparse.obsCt()).isEqualTo(dense.obsCt());
            assertThat(blockOut[v].obsCt()).isEqualTo(dense.obsCt());
            for (int j = 0; j < 10; j++) {
                assertThat(sparse.errcode(j)).isEqualTo(GlmErrcode.NONE);
                assertThat(rel(sparse.beta(j), dense.beta(j))).isLessThan(1e-12);
                assertThat(rel(sparse.se(j), dense.se(j))).isLessThan(1e-12);
                assertThat(sparse.lnP(j)).isCloseTo(dense.lnP(j), within(1e-12));
                // the tiled block path sums in another order
                assertThat(rel(blockOut[v].beta(j), dense.beta(j))).isLessThan(1e-12);
                assertThat(rel(blockOut[v].se(j), dense.se(j))).isLessThan(1e-12);
                // one phenotype at a time gives the same numbers as the batch of 10
                final LinearRegression single =
                        LinearRegression.create(basis, java.util.Arrays.copyOfRange(ys, j * n, (j + 1) * n), 1);
                final LinearResult one = single.newResult();
                single.testDense(g, one);
                assertThat(rel(one.beta(0), dense.beta(j))).isLessThan(1e-13);
                assertThat(rel(one.se(0), dense.se(j))).isLessThan(1e-13);
            }
        }
    }

    @Test
    void meanImputationFitsTheImputedVectorOnAllSamples() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final GlmOptions impute = GlmOptions.defaults().withMissingDosages(MissingDosagePolicy.MEAN_IMPUTE);
        final CovariateBasis basis = CovariateBasis.create(f.covariatesColMajor, n, f.covariateCount, impute);
        final LinearRegression lr =
                LinearRegression.create(basis, f.phenotypes("continuous.tsv", "Continuous_Trait_1"), 1);
        final double[] g = f.a1Dosages[5].clone(); // rs587755077, 32 A1 alleles
        for (int i = 0; i < n; i += 50) {
            g[i] = Double.NaN;
        }
        double sum = 0;
        int obs = 0;
        for (double v : g) {
            if (!Double.isNaN(v)) {
                sum += v;
                obs++;
            }
        }
        final double[] imputed = g.clone();
        final int[] miss = new int[n];
        int missing = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(imputed[i])) {
                imputed[i] = sum / obs;
                miss[missing++] = i;
            }
        }
        final LinearResult a = lr.newResult();
        final LinearResult b = lr.newResult();
        final LinearResult c = lr.newResult();
        lr.testDense(g, a);
        lr.testDense(imputed, b);
        final int[] idx = new int[n];
        final double[] val = new double[n];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(g[i]) && g[i] != 0.0) {
                idx[nnz] = i;
                val[nnz++] = g[i];
            }
        }
        lr.testSparse(idx, val, nnz, miss, missing, c);
        assertThat(a.obsCt()).isEqualTo(n);
        assertThat(c.obsCt()).isEqualTo(n);
        assertThat(a.beta(0)).isEqualTo(b.beta(0));
        assertThat(a.se(0)).isEqualTo(b.se(0));
        assertThat(rel(c.beta(0), b.beta(0))).isLessThan(1e-12);
        assertThat(rel(c.se(0), b.se(0))).isLessThan(1e-12);
    }

    @Test
    void errorCodes() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final int c = f.covariateCount;
        final double[] cov = f.covariatesColMajor;
        final double[] y = f.phenotypes("continuous.tsv", "Continuous_Trait_1");
        final CovariateBasis basis = CovariateBasis.create(cov, n, c, GlmOptions.defaults());
        final LinearRegression lr = LinearRegression.create(basis, y, 1);
        final LinearResult out = lr.newResult();

        // constant genotype (monomorphic, or all het): PLINK 2 reports CONST_OMITTED_ALLELE
        lr.testDense(new double[n], out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.CONST_OMITTED_ALLELE);
        assertThat(out.beta(0)).isNaN();
        final double[] allHet = new double[n];
        java.util.Arrays.fill(allHet, 1.0);
        allHet[3] = Double.NaN;
        lr.testDense(allHet, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.CONST_OMITTED_ALLELE);
        assertThat(out.obsCt()).isEqualTo(n - 1);

        // all missing, and too few observed samples (OBS_CT <= 8 predictors)
        final double[] allMissing = new double[n];
        java.util.Arrays.fill(allMissing, Double.NaN);
        lr.testDense(allMissing, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
        assertThat(out.obsCt()).isZero();
        final double[] eightObserved = allMissing.clone();
        for (int i = 0; i < 8; i++) {
            eightObserved[i] = i % 3;
        }
        lr.testDense(eightObserved, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
        assertThat(out.obsCt()).isEqualTo(8);

        // genotype equal to covariate 5 (a normal): |r| = 1 > 0.999
        final double[] copy = java.util.Arrays.copyOfRange(cov, 4 * n, 5 * n);
        lr.testDense(copy, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.CORR_TOO_HIGH);
        // genotype = cov5 + cov6 exactly: each |r| ~ 0.7, but the VIF is infinite
        final double[] combo = new double[n];
        final double[] nearCombo = new double[n];
        final Random rnd = new Random(3L);
        for (int i = 0; i < n; i++) {
            combo[i] = cov[i + 4 * n] + cov[i + 5 * n];
            nearCombo[i] = combo[i] + 0.05 * rnd.nextGaussian(); // R^2 ~ 0.999: VIF ~ 800 > 50
        }
        lr.testDense(combo, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.VIF_INFINITE);
        lr.testDense(nearCombo, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.VIF_TOO_HIGH);
        assertThat(out.lnP(0)).isNaN();

        // a perfect fit leaves no residual variance: PLINK's validity check (variance < 1e-20)
        final double[] g = f.a1Dosages[6];
        final double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = 1.0 + 2.0 * g[i] + 0.5 * cov[i + 4 * n];
        }
        final LinearRegression exactLr = LinearRegression.create(basis, exact, 1);
        final LinearResult exactOut = exactLr.newResult();
        exactLr.testDense(g, exactOut);
        assertThat(exactOut.errcode(0)).isEqualTo(GlmErrcode.INVALID_RESULT);

        // dropping every sample with covariate 1 (binary) = 1 leaves it constant: singular
        final double[] dropOnes = f.a1Dosages[6].clone();
        for (int i = 0; i < n; i++) {
            if (cov[i] == 1.0) {
                dropOnes[i] = Double.NaN;
            }
        }
        lr.testDense(dropOnes, out);
        assertThat(out.errcode(0)).isEqualTo(GlmErrcode.VIF_INFINITE);
    }

    @Test
    void collinearCovariatesFailEveryVariant() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("continuous.tsv", "Continuous_Trait_1");
        final double[] cov = f.covariatesColMajor;
        // a duplicated covariate: |r| = 1
        final double[] dup = new double[n * 3];
        System.arraycopy(cov, 4 * n, dup, 0, n);
        System.arraycopy(cov, 5 * n, dup, n, n);
        System.arraycopy(cov, 4 * n, dup, 2 * n, n);
        // a covariate that is the sum of two others: pairwise |r| < 0.999, VIF infinite
        final double[] sum = dup.clone();
        // constant covariate
        final double[] constant = dup.clone();
        for (int i = 0; i < n; i++) {
            sum[i + 2 * n] = cov[i + 4 * n] + cov[i + 5 * n];
            constant[i + 2 * n] = 0.1; // n * 0.1 / n != 0.1 in floating point: constant up to rounding
        }
        final Object[][] cases = {
            {dup, GlmErrcode.CORR_TOO_HIGH}, {sum, GlmErrcode.VIF_INFINITE}, {constant, GlmErrcode.VIF_INFINITE},
        };
        for (Object[] cs : cases) {
            final CovariateBasis basis = CovariateBasis.create((double[]) cs[0], n, 3, GlmOptions.defaults());
            assertThat(basis.errcode()).isEqualTo(cs[1]);
            final LinearRegression lr = LinearRegression.create(basis, y, 1);
            final LinearResult out = lr.newResult();
            lr.testDense(f.a1Dosages[6], out);
            assertThat(out.errcode(0)).isEqualTo(cs[1]);
            assertThat(out.beta(0)).isNaN();
            final LogisticRegression logistic =
                    LogisticRegression.create(basis, f.phenotypes("binary.tsv", "Binary_Trait_1"));
            final LogisticResult lo = logistic.newResult();
            logistic.testDense(f.a1Dosages[6], lo);
            assertThat(lo.errcode()).isEqualTo(cs[1]);
        }
        // fewer samples than predictors
        final CovariateBasis tiny = CovariateBasis.create(new double[] {1, 2, 3, 4, 5, 7}, 3, 2, GlmOptions.defaults());
        assertThat(tiny.errcode()).isEqualTo(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
    }

    @Test
    void rejectsMalformedInput() {
        final CovariateBasis basis = CovariateBasis.create(new double[0], 6, 0, GlmOptions.defaults());
        final LinearRegression lr = LinearRegression.create(basis, new double[] {0, 2, 2, 4, 4, 6}, 1);
        final LinearResult out = lr.newResult();
        assertThatThrownBy(() -> lr.testDense(new double[5], out)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lr.testSparse(new int[] {1, 1}, new double[] {1, 1}, 2, new int[0], 0, out))
                .hasMessageContaining("repeated");
        assertThatThrownBy(() -> lr.testSparse(new int[] {1}, new double[] {1}, 1, new int[] {1}, 1, out))
                .hasMessageContaining("also non-zero");
        // the buffer is left clean after a rejected call
        lr.testSparse(new int[] {2, 3, 4, 5}, new double[] {1, 1, 2, 2}, 4, new int[0], 0, out);
        assertThat(out.beta(0)).isCloseTo(2.0, within(1e-13));
        assertThatThrownBy(() -> LinearRegression.create(basis, new double[] {0, 1, 2, 3, 4, Double.NaN}, 1))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> new GlmOptions(1.5, 50, MissingDosagePolicy.DROP_SAMPLE, FirthMode.NO_FIRTH, 25, 25))
                .hasMessageContaining("maxCorr");
    }
}
