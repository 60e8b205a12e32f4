package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Hand-countable meta-analyses. Every expected value is worked out in the comments from the formulas of SPECS §5.3
 * with exact fractions; tolerances are 1e-12 relative (double rounding of a handful of operations) unless said.
 */
class MetaAnalysisTest {
    private static final double TOL = 1e-12;

    @Test
    void twoStudiesInverseVarianceByHand() {
        // β = (0.1, 0.3), SE = (0.1, 0.15): w = (100, 400/9), Σw = 1300/9
        // β̂ = (10 + 400/9 · 0.3) / (1300/9) = (90 + 120)/1300 = 21/130; SE = √(9/1300) = 3/√1300
        // Q = 100 (0.1 − 21/130)² + 400/9 (0.3 − 21/130)² = 100 (8/130)² + 400/9 (18/130)² = 16/13
        // I² = (16/13 − 1)/(16/13) = 3/16 = 18.75 %; τ² = (3/13) / (1300/9 − (10000 + 160000/81)/(1300/9))
        //    = (3/13) / (1300/9 − 970000/10530) = 0.00375 exactly (statsmodels combine_effects DL: 0.00375)
        MetaAnalysis.InverseVariance r =
                MetaAnalysis.inverseVariance(new double[] {0.1, 0.3}, new double[] {0.1, 0.15}, 2);
        assertThat(r.studies()).isEqualTo(2);
        assertThat(r.effect()).isCloseTo(21.0 / 130, within(TOL));
        assertThat(r.stdErr()).isCloseTo(3 / Math.sqrt(1300), within(TOL));
        assertThat(r.z()).isCloseTo((21.0 / 130) / (3 / Math.sqrt(1300)), within(TOL));
        assertThat(Math.exp(r.lnP()))
                .isCloseTo(2 * new NormalDistribution().cumulativeProbability(-Math.abs(r.z())), within(1e-14));
        assertThat(r.hetChiSq()).isCloseTo(16.0 / 13, within(TOL));
        assertThat(r.hetDf()).isEqualTo(1);
        assertThat(r.hetISq()).isCloseTo(18.75, within(1e-10));
        assertThat(Math.exp(r.hetLnP()))
                .isCloseTo(1 - new ChiSquaredDistribution(1).cumulativeProbability(16.0 / 13), within(1e-14));
        assertThat(r.tau2()).isCloseTo(0.00375, within(TOL));
        // w* = 1/(0.01 + 0.00375), 1/(0.0225 + 0.00375): β_RE = Σw*β/Σw* = 0.16875, SE_RE = 0.0949917 (statsmodels)
        double w1 = 1 / 0.01375;
        double w2 = 1 / 0.02625;
        assertThat(r.effectRandom()).isCloseTo((w1 * 0.1 + w2 * 0.3) / (w1 + w2), within(TOL));
        assertThat(r.effectRandom()).isCloseTo(0.16875, within(TOL));
        assertThat(r.stdErrRandom()).isCloseTo(Math.sqrt(1 / (w1 + w2)), within(TOL));
    }

    @Test
    void specsCheckQ1166GivesISquared142() {
        // SPECS §5.3: a real METAL output with Q = 1.166 on df = 1 prints HetISq 14.2
        assertThat(MetaAnalysis.iSquared(1.166, 1)).isCloseTo(14.2, within(0.05));
        assertThat(MetaAnalysis.iSquared(0.5, 1)).isZero(); // Q < df: no heterogeneity beyond chance
        assertThat(MetaAnalysis.iSquared(0, 0)).isZero();
    }

    @Test
    void homogeneousStudiesHaveNoHeterogeneityAndRandomEqualsFixed() {
        // three equal effects: Q = 0, I² = 0, τ² = 0, HetPVal = 1; β̂ = 0.2, SE = √(1/(1/0.04 + 1/0.09 + 1/0.01))
        MetaAnalysis.InverseVariance r =
                MetaAnalysis.inverseVariance(new double[] {0.2, 0.2, 0.2}, new double[] {0.2, 0.3, 0.1}, 3);
        assertThat(r.effect()).isCloseTo(0.2, within(TOL));
        assertThat(r.stdErr()).isCloseTo(Math.sqrt(1 / (25 + 100.0 / 9 + 100)), within(TOL));
        assertThat(r.hetChiSq()).isCloseTo(0, within(1e-25));
        assertThat(r.hetDf()).isEqualTo(2);
        assertThat(r.hetLnP()).isCloseTo(0, within(1e-12));
        assertThat(r.tau2()).isZero();
        assertThat(r.effectRandom()).isEqualTo(r.effect());
        assertThat(r.stdErrRandom()).isEqualTo(r.stdErr());
    }

    @Test
    void oneStudyIsItselfWithZeroDegreesOfFreedom() {
        MetaAnalysis.InverseVariance r = MetaAnalysis.inverseVariance(new double[] {-0.5}, new double[] {0.25}, 1);
        assertThat(r.effect()).isEqualTo(-0.5);
        assertThat(r.stdErr()).isEqualTo(0.25);
        assertThat(r.z()).isEqualTo(-2.0);
        assertThat(r.hetDf()).isZero();
        assertThat(r.hetChiSq()).isZero();
        assertThat(r.hetLnP()).isZero(); // P = 1, as METAL prints for df = 0
        assertThat(r.hetISq()).isZero();
        assertThat(r.tau2()).isZero();
    }

    @Test
    void sampleSizeSchemeByHand() {
        // Z = (2, −1, 3), N = (100, 400, 900): Σ√N Z = 20 − 20 + 90 = 90, ΣN = 1400, Z = 90/√1400
        // expected Z_i = √N_i · 90/1400: (10, 20, 30)·9/140; Q = Σ (Z_i − e_i)²
        MetaAnalysis.SampleSize r = MetaAnalysis.sampleSize(new double[] {2, -1, 3}, new double[] {100, 400, 900}, 3);
        assertThat(r.weight()).isEqualTo(1400.0);
        assertThat(r.z()).isCloseTo(90 / Math.sqrt(1400), within(TOL));
        double q = Math.pow(2 - 90.0 / 140, 2) + Math.pow(-1 - 180.0 / 140, 2) + Math.pow(3 - 270.0 / 140, 2);
        assertThat(r.hetChiSq()).isCloseTo(q, within(TOL));
        assertThat(r.hetDf()).isEqualTo(2);
        assertThat(r.hetISq()).isCloseTo((q - 2) / q * 100, within(1e-10));
        // equal N: Z = mean Z · √k
        MetaAnalysis.SampleSize e = MetaAnalysis.sampleSize(new double[] {1, 2}, new double[] {50, 50}, 2);
        assertThat(e.z()).isCloseTo(3 / Math.sqrt(2), within(TOL));
    }

    @Test
    void frequenciesAreWeightedAndSkipMissing() {
        // f = (0.1, NaN, 0.4), w = (1, 5, 3): mean = (0.1 + 1.2)/4 = 0.325; Σwf² = 0.01 + 0.48 = 0.49;
        // var = 0.49/4 − 0.325² = 0.1225 − 0.105625 = 0.016875
        MetaAnalysis.Frequency f =
                MetaAnalysis.frequency(new double[] {0.1, Double.NaN, 0.4}, new double[] {1, 5, 3}, 3);
        assertThat(f.mean()).isCloseTo(0.325, within(TOL));
        assertThat(f.se()).isCloseTo(Math.sqrt(0.016875), within(1e-10));
        assertThat(f.min()).isEqualTo(0.1);
        assertThat(f.max()).isEqualTo(0.4);
        MetaAnalysis.Frequency none = MetaAnalysis.frequency(new double[] {Double.NaN}, new double[] {1}, 1);
        assertThat(none.mean()).isNaN();
        MetaAnalysis.Frequency same = MetaAnalysis.frequency(new double[] {0.3, 0.3}, new double[] {7, 11}, 2);
        assertThat(same.se()).isZero();
    }

    @Test
    void zFromLnPInvertsTheNormalTailIncludingBelowDoubleRange() {
        NormalDistribution nd = new NormalDistribution();
        for (double p : new double[] {1, 0.999, 0.5, 0.05, 1e-5, 5e-8, 1e-100, 1e-300}) {
            double z = MetaAnalysis.absZFromLnP(Math.log(p));
            double expected = p == 1 ? 0 : -nd.inverseCumulativeProbability(p / 2);
            assertThat(z).as("p=%s", p).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        }
        // P = 1e-1000 (ln P = −2302.585): round trip through zToLnP
        double lnP = -1000 * Math.log(10);
        double z = MetaAnalysis.absZFromLnP(lnP);
        assertThat(Distributions.zToLnP(z)).isCloseTo(lnP, within(1e-9 * 2302.6));
        assertThat(z).isCloseTo(67.5, within(0.5));
    }
}
