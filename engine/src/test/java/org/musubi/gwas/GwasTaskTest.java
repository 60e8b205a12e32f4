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
}
