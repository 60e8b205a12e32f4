package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.musubi.stats.CovariateBasis;
import org.musubi.stats.FirthMode;
import org.musubi.stats.GlmOptions;
import org.musubi.stats.LogisticRegression;
import org.musubi.stats.LogisticResult;

/** The PLINK 2 texts the plan writes: ERRCODE of a separated variant, file names per Firth mode. */
class GwasTaskTest {
    /** 40 samples, one covariate, cases 0..19. */
    private static LogisticRegression noFirth() {
        int n = 40;
        double[] cov = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            cov[i] = Math.sin(i);
            y[i] = i < 20 ? 1 : 0;
        }
        return LogisticRegression.create(
                CovariateBasis.create(cov, n, 1, GlmOptions.defaults().withFirthMode(FirthMode.NO_FIRTH)), y);
    }

    @Test
    void separationNamesTheFirstSeparatedAlleleInRefAltOrder() {
        LogisticRegression lr = noFirth();
        LogisticResult out = lr.newResult();
        // A1 carried by two controls only: A1 separates; PLINK prints the A1 allele
        double[] a1InControls = new double[40];
        a1InControls[30] = 1;
        a1InControls[31] = 2;
        lr.testDense(a1InControls, out);
        assertThat(GwasTask.errcodeText(out, true)).isEqualTo("SEPARATION,ALT1");
        assertThat(GwasTask.errcodeText(out, false)).isEqualTo("SEPARATION,REF");
        // every case hom-A1 (the omitted allele absent from cases): the omitted allele separates
        double[] casesHomA1 = new double[40];
        for (int i = 0; i < 40; i++) {
            casesHomA1[i] = i < 20 ? 2 : i % 3;
        }
        lr.testDense(casesHomA1, out);
        assertThat(out.omittedSeparated()).isTrue();
        assertThat(GwasTask.errcodeText(out, true)).isEqualTo("SEPARATION,REF");
        assertThat(GwasTask.errcodeText(out, false)).isEqualTo("SEPARATION,ALT1");
        // no separation: PLINK's '.'
        double[] ordinary = new double[40];
        for (int i = 0; i < 40; i++) {
            ordinary[i] = i % 3;
        }
        lr.testDense(ordinary, out);
        assertThat(GwasTask.errcodeText(out, true)).isEqualTo(".");
    }

    @Test
    void fileNamesAndModelsPerFirthMode() {
        assertThat(GwasPlan.glmSuffix(GwasDesign.Kind.LINEAR, FirthMode.FIRTH_FALLBACK))
                .isEqualTo(".glm.linear");
        assertThat(GwasPlan.glmSuffix(GwasDesign.Kind.LOGISTIC, FirthMode.FIRTH_FALLBACK))
                .isEqualTo(".glm.logistic.hybrid");
        assertThat(GwasPlan.glmSuffix(GwasDesign.Kind.LOGISTIC, FirthMode.NO_FIRTH))
                .isEqualTo(".glm.logistic");
        assertThat(GwasPlan.glmSuffix(GwasDesign.Kind.LOGISTIC, FirthMode.ALWAYS_FIRTH))
                .isEqualTo(".glm.firth");
        assertThat(GwasPlan.modelDescription(GwasDesign.Kind.LOGISTIC, FirthMode.NO_FIRTH))
                .contains("no Firth");
    }

    @Test
    void lambdaGcIsTheMedianChiSquareOverItsExpectation() {
        // P = 0.5 has chi-square = the median of chi2(1): lambda 1; NaN (failed variants) ignored
        double half = -Math.log10(0.5);
        assertThat(GwasPlan.lambdaGc(new double[] {half, Double.NaN, 3, 0.01}, 4))
                .isCloseTo(1.0, within());
        // even count: the mean of the two middle chi-square values, not the chi-square of their mean P
        double p1 = -Math.log10(0.2);
        double p2 = -Math.log10(0.8);
        org.apache.commons.math3.distribution.ChiSquaredDistribution c =
                new org.apache.commons.math3.distribution.ChiSquaredDistribution(1);
        double expected = (c.inverseCumulativeProbability(0.8) + c.inverseCumulativeProbability(0.2))
                / 2
                / c.inverseCumulativeProbability(0.5);
        assertThat(GwasPlan.lambdaGc(new double[] {p1, p2, 5, 0}, 4))
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(GwasPlan.lambdaGc(new double[] {Double.NaN}, 1)).isNaN();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
