package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * The logistic kernel against an independent textbook IRLS (Commons Math LU, 60 iterations from
 * zero) on the real glow covariates and phenotype with simulated common variants and missing
 * genotypes; separation, Firth fallback and error codes.
 */
class LogisticRegressionTest {
    /** Both fits converge to the unique MLE; 1e-8 leaves room for the reference's normal equations. */
    private static final double REL_TOL = 1e-8;

    private static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }

    /** {beta_g, se_g, obsCt}: plain IRLS of y ~ 1 + g + covariates on the samples with a genotype. */
    static double[] referenceLogistic(double[] g, double[] y, double[] cov, int n, int c) {
        int obs = 0;
        for (double v : g) {
            obs += Double.isNaN(v) ? 0 : 1;
        }
        final int p = c + 2;
        final double[][] x = new double[obs][p];
        final double[] yy = new double[obs];
        int row = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(g[i])) {
                continue;
            }
            x[row][0] = 1;
            x[row][1] = g[i];
            for (int j = 0; j < c; j++) {
                x[row][j + 2] = cov[i + j * n];
            }
            yy[row++] = y[i];
        }
        double[] beta = new double[p];
        RealMatrix inv = null;
        for (int iter = 0; iter < 60; iter++) {
            final double[][] h = new double[p][p];
            final double[] grad = new double[p];
            for (int i = 0; i < obs; i++) {
                double eta = 0;
                for (int j = 0; j < p; j++) {
                    eta += x[i][j] * beta[j];
                }
                final double pr = 1 / (1 + Math.exp(-eta));
                for (int a = 0; a < p; a++) {
                    grad[a] += x[i][a] * (yy[i] - pr);
                    for (int b = 0; b < p; b++) {
                        h[a][b] += x[i][a] * x[i][b] * pr * (1 - pr);
                    }
                }
            }
            inv = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver().getInverse();
            final double[] step = inv.operate(grad);
            for (int j = 0; j < p; j++) {
                beta[j] += step[j];
            }
        }
        return new double[] {beta[1], Math.sqrt(inv.getEntry(1, 1)), obs};
    }

    @Test
    void matchesTextbookIrlsOnRealCovariatesWithMissingGenotypes() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        final CovariateBasis basis =
                CovariateBasis.create(f.covariatesColMajor, n, f.covariateCount, GlmOptions.defaults());
        final LogisticRegression lr = LogisticRegression.create(basis, y);
        final LogisticResult out = lr.newResult();
        final Random rnd = new Random(11L);
        for (double af : new double[] {0.02, 0.3, 0.5}) {
            for (double missingRate : new double[] {0.0, 0.03, 0.4}) {
                final double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (rnd.nextDouble() < af ? 1 : 0) + (rnd.nextDouble() < af ? 1 : 0);
                    if (rnd.nextDouble() < missingRate) {
                        g[i] = Double.NaN;
                    }
                }
                lr.testDense(g, out);
                final double[] ref = referenceLogistic(g, y, f.covariatesColMajor, n, f.covariateCount);
                assertThat(out.errcode()).isEqualTo(GlmErrcode.NONE);
                assertThat(out.firthUsed()).isFalse();
                assertThat(out.obsCt()).isEqualTo((int) ref[2]);
                assertThat(rel(out.beta(), ref[0]))
                        .as("af %s missing %s", af, missingRate)
                        .isLessThan(REL_TOL);
                assertThat(rel(out.se(), ref[1]))
                        .as("af %s missing %s", af, missingRate)
                        .isLessThan(REL_TOL);
                assertThat(rel(out.lnP(), Distributions.zToLnP(ref[0] / ref[1])))
                        .isLessThan(1e-7);
            }
        }
        // the glow variants that logistic regression can fit (no separation)
        for (int v = 0; v < f.variantIds.length; v++) {
            lr.testDense(f.a1Dosages[v], out);
            if (!out.firthUsed()) {
                final double[] ref = referenceLogistic(f.a1Dosages[v], y, f.covariatesColMajor, n, f.covariateCount);
                assertThat(rel(out.beta(), ref[0])).as(f.variantIds[v]).isLessThan(REL_TOL);
                assertThat(rel(out.se(), ref[1])).as(f.variantIds[v]).isLessThan(REL_TOL);
            }
        }
    }

    @Test
    void meanImputationFitsTheImputedVector() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        final CovariateBasis basis = CovariateBasis.create(
                f.covariatesColMajor,
                n,
                f.covariateCount,
                GlmOptions.defaults().withMissingDosages(MissingDosagePolicy.MEAN_IMPUTE));
        final LogisticRegression lr = LogisticRegression.create(basis, y);
        final double[] g = f.a1Dosages[6].clone();
        for (int i = 0; i < n; i += 40) {
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
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(imputed[i])) {
                imputed[i] = sum / obs;
            }
        }
        final LogisticResult a = lr.newResult();
        final LogisticResult b = lr.newResult();
        lr.testDense(g, a);
        lr.testDense(imputed, b);
        assertThat(a.obsCt()).isEqualTo(n);
        assertThat(a.beta()).isEqualTo(b.beta());
        assertThat(a.se()).isEqualTo(b.se());
    }

    @Test
    void separationFirthFallbackAndErrorCodes() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        final double[] cov = f.covariatesColMajor;
        final GlmOptions noFirth = GlmOptions.defaults().withFirthMode(FirthMode.NO_FIRTH);
        final LogisticRegression plain =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, noFirth), y);
        final LogisticRegression hybrid =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, GlmOptions.defaults()), y);
        final LogisticRegression always = LogisticRegression.create(
                CovariateBasis.create(
                        cov, n, f.covariateCount, GlmOptions.defaults().withFirthMode(FirthMode.ALWAYS_FIRTH)),
                y);
        final LogisticResult out = plain.newResult();

        // complete separation by a common variant: every hom-A1 sample is a case, no other sample is.
        // The A1 dosage is in cases and controls (hets), but the omitted allele is in no case: PLINK's
        // pre-check, which looks at every allele, sees it
        final Random rnd = new Random(5L);
        final double[] g = new double[n];
        final double[] ySep = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = (rnd.nextDouble() < 0.4 ? 1 : 0) + (rnd.nextDouble() < 0.4 ? 1 : 0);
            ySep[i] = g[i] == 2 ? 1 : 0;
        }
        final LogisticRegression plainSep =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, noFirth), ySep);
        plainSep.testDense(g, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.SEPARATION);
        assertThat(out.a1Separated()).isFalse();
        assertThat(out.omittedSeparated()).isTrue();
        assertThat(out.beta()).isNaN();
        // separation by the genotype and a covariate together (cases: g + covariate 5 > 1.5): no allele
        // is confined to cases or controls, so no pre-check fires and Newton diverges
        final double[] yJoint = new double[n];
        for (int i = 0; i < n; i++) {
            yJoint[i] = g[i] + cov[4 * n + i] > 1.5 ? 1 : 0;
        }
        final LogisticRegression plainJoint =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, noFirth), yJoint);
        plainJoint.testDense(g, out);
        assertThat(out.a1Separated() || out.omittedSeparated()).isFalse();
        assertThat(out.errcode()).isEqualTo(GlmErrcode.LOGISTIC_CONVERGE_FAIL);
        assertThat(out.beta()).isNaN();
        final LogisticRegression hybridJoint = LogisticRegression.create(
                CovariateBasis.create(cov, n, f.covariateCount, GlmOptions.defaults()), yJoint);
        hybridJoint.testDense(g, out);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.errcode().hasStatistics()).isTrue();
        assertThat(out.beta()).isFinite().isPositive();
        final LogisticRegression hybridSep =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, GlmOptions.defaults()), ySep);
        hybridSep.testDense(g, out);
        assertThat(out.firthUsed()).isTrue();
        // l* is very flat here: within PLINK's 25 iterations the estimate is reported as unfinished
        assertThat(out.errcode().hasStatistics()).isTrue();
        assertThat(out.beta()).isFinite().isGreaterThan(3.0);
        final LogisticRegression hybridSepLong = LogisticRegression.create(
                CovariateBasis.create(
                        cov, n, f.covariateCount, GlmOptions.defaults().withFirthMaxIterations(200)),
                ySep);
        hybridSepLong.testDense(g, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.NONE);
        assertThat(out.beta()).isFinite().isGreaterThan(3.0);
        assertThat(out.se()).isFinite().isPositive();

        // a singleton in a control: A1 dosage of the cases is 0, PLINK's pre-check
        final double[] singleton = new double[n];
        int control = 0;
        while (y[control] != 0) {
            control++;
        }
        singleton[control] = 1;
        plain.testDense(singleton, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.SEPARATION);
        assertThat(out.a1Separated()).isTrue();
        assertThat(out.omittedSeparated()).isFalse();
        hybrid.testDense(singleton, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.NONE);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.beta()).isNegative().isFinite();
        // all A1 copies in cases (controls have none)
        final double[] inCases = new double[n];
        int placed = 0;
        for (int i = 0; i < n && placed < 3; i++) {
            if (y[i] == 1) {
                inCases[i] = 1;
                placed++;
            }
        }
        plain.testDense(inCases, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.SEPARATION);
        hybrid.testDense(inCases, out);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.beta()).isPositive().isFinite();

        // always-Firth mode fits every variant with Firth
        always.testDense(f.a1Dosages[6], out);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.errcode()).isEqualTo(GlmErrcode.NONE);

        // constant genotype, all missing, too few observations
        plain.testDense(new double[n], out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.CONST_OMITTED_ALLELE);
        final double[] missing = new double[n];
        Arrays.fill(missing, Double.NaN);
        plain.testDense(missing, out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.SAMPLE_CT_LE_PREDICTOR_CT);
        assertThat(out.obsCt()).isZero();
        // genotype = covariate 5: CORR_TOO_HIGH before any fit
        plain.testDense(Arrays.copyOfRange(cov, 4 * n, 5 * n), out);
        assertThat(out.errcode()).isEqualTo(GlmErrcode.CORR_TOO_HIGH);
    }

    @Test
    void separationOfTheOmittedAlleleIsCaughtAsPlinkDoes() {
        // PLINK's pre-check looks at every allele: here A1 is carried by controls and cases alike, but
        // every case is hom-A1 (the omitted allele's case dosage is 0), or every control is (the
        // omitted allele is only in cases). The MLE does not exist (quasi-complete separation).
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        final double[] cov = f.covariatesColMajor;
        final LogisticRegression plain = LogisticRegression.create(
                CovariateBasis.create(
                        cov, n, f.covariateCount, GlmOptions.defaults().withFirthMode(FirthMode.NO_FIRTH)),
                y);
        final LogisticRegression hybrid =
                LogisticRegression.create(CovariateBasis.create(cov, n, f.covariateCount, GlmOptions.defaults()), y);
        final LogisticResult out = plain.newResult();
        final Random rnd = new Random(11L);
        for (int caseOrControl = 1; caseOrControl >= 0; caseOrControl--) {
            final double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = y[i] == caseOrControl ? 2 : rnd.nextInt(3);
            }
            g[0] = Double.NaN; // a missing genotype does not change the check
            plain.testDense(g, out);
            assertThat(out.errcode()).as("group %d", caseOrControl).isEqualTo(GlmErrcode.SEPARATION);
            assertThat(out.a1Separated()).isFalse();
            assertThat(out.omittedSeparated()).isTrue();
            assertThat(out.obsCt()).isEqualTo(n - 1);
            hybrid.testDense(g, out);
            assertThat(out.firthUsed()).isTrue();
            assertThat(out.errcode().hasStatistics()).isTrue();
            assertThat(out.beta()).isFinite();
            assertThat(out.a1Separated()).isFalse();
            assertThat(out.omittedSeparated()).isTrue();
        }
        // an ordinary variant separates neither allele
        hybrid.testDense(f.a1Dosages[1], out);
        assertThat(out.a1Separated()).isFalse();
        assertThat(out.omittedSeparated()).isFalse();
        assertThat(out.firthUsed()).isFalse();
    }

    @Test
    void covariatesThatSeparateThePhenotypeSendEveryVariantToFirth() {
        final GlowGwasFixture f = GlowGwasFixture.load();
        final int n = f.sampleCount;
        final double[] y = f.phenotypes("binary.tsv", "Binary_Trait_1");
        // one covariate: a noisy copy of the phenotype with complete separation (y + small noise)
        final double[] cov = new double[n];
        final Random rnd = new Random(9L);
        for (int i = 0; i < n; i++) {
            cov[i] = y[i] + 0.1 * rnd.nextDouble();
        }
        final LogisticRegression hybrid =
                LogisticRegression.create(CovariateBasis.create(cov, n, 1, GlmOptions.defaults()), y);
        assertThat(hybrid.nullModelConverged()).isFalse();
        final LogisticResult out = hybrid.newResult();
        hybrid.testDense(f.a1Dosages[6], out);
        assertThat(out.firthUsed()).isTrue();
        assertThat(out.errcode().hasStatistics()).isTrue();
    }

    @Test
    void rejectsNonBinaryPhenotype() {
        final CovariateBasis basis = CovariateBasis.create(new double[0], 4, 0, GlmOptions.defaults());
        assertThatThrownBy(() -> LogisticRegression.create(basis, new double[] {0, 1, 2, 1}))
                .hasMessageContaining("not 0 or 1");
    }
}
