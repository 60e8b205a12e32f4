package org.musubi.meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.musubi.stats.MetaAnalysis;

/** {@link MetaResult}'s factories per scheme and {@link MetaFormats}' lines of what they build. */
class MetaResultTest {
    static final MetaResult.Variant V = new MetaResult.Variant(
            "1",
            1234,
            "1:1234:A:G",
            "G",
            "A",
            true,
            "rs1",
            2,
            "+?-",
            new MetaAnalysis.Frequency(0.3, 0.01, 0.2, 0.4),
            3000,
            1,
            2,
            3,
            4);

    @Test
    void sampleSizeHasWeightAndZButNoEffectOrRandomEffects() {
        MetaResult r = MetaResult.sampleSize(V, new MetaAnalysis.SampleSize(2, 3000, 2.5, -4.0, 1.5, 1, -0.5, 0.25));
        assertVariant(r);
        assertThat(r.weight()).isEqualTo(3000);
        assertThat(r.z()).isEqualTo(2.5);
        assertThat(r.lnP()).isEqualTo(-4.0);
        assertThat(r.hetChiSq()).isEqualTo(1.5);
        assertThat(r.hetDf()).isEqualTo(1);
        assertThat(r.hetLnP()).isEqualTo(-0.5);
        assertThat(r.hetISq()).isEqualTo(0.25);
        assertThat(new double[] {r.effect(), r.stdErr(), r.tau2(), r.effectRandom(), r.stdErrRandom(), r.lnPRandom()})
                .containsOnly(Double.NaN);
        // METAL's columns: Weight and Zscore in place of Effect and StdErr, no random-effects columns
        assertThat(MetaFormats.tblHeader(true, false))
                .contains("\tWeight\tZscore\t")
                .doesNotContain("Tau2");
        assertThat(MetaFormats.tblLine(r, true, false))
                .startsWith("1:1234:A:G\tG\tA\t0.3\t0.01\t0.2\t0.4\t3000\t2.5\t")
                .endsWith("\t+?-\t0.25\t1.5\t1\t0.606531\n");
    }

    @Test
    void inverseVarianceHasFixedAndRandomEffectsButNoWeight() {
        MetaResult r = MetaResult.inverseVariance(
                V,
                new MetaAnalysis.InverseVariance(2, 0.1, 0.02, 5.0, -6.0, 1.5, 1, -0.5, 0.25, 0.001, 0.11, 0.03, -3.0));
        assertVariant(r);
        assertThat(r.weight()).isNaN();
        assertThat(new double[] {r.effect(), r.stdErr(), r.z(), r.lnP(), r.hetChiSq(), r.hetLnP(), r.hetISq()})
                .containsExactly(0.1, 0.02, 5.0, -6.0, 1.5, -0.5, 0.25);
        assertThat(r.hetDf()).isEqualTo(1);
        assertThat(new double[] {r.tau2(), r.effectRandom(), r.stdErrRandom(), r.lnPRandom()})
                .containsExactly(0.001, 0.11, 0.03, -3.0);
        String header = MetaFormats.tblHeader(false, true);
        String line = MetaFormats.tblLine(r, false, true);
        assertThat(line.split("\t")).hasSameSizeAs(header.split("\t"));
        assertThat(line).contains("\t0.1\t0.02\t").contains("\t0.001\t0.11\t0.03\t");
    }

    private static void assertVariant(MetaResult r) {
        assertThat(r.chrom()).isEqualTo("1");
        assertThat(r.pos()).isEqualTo(1234);
        assertThat(r.markerName()).isEqualTo("1:1234:A:G");
        assertThat(r.allele1()).isEqualTo("G");
        assertThat(r.allele2()).isEqualTo("A");
        assertThat(r.refKnown()).isTrue();
        assertThat(r.rsid()).isEqualTo("rs1");
        assertThat(r.studies()).isEqualTo(2);
        assertThat(r.direction()).isEqualTo("+?-");
        assertThat(new double[] {r.freq1(), r.freqSe(), r.minFreq(), r.maxFreq(), r.n()})
                .containsExactly(0.3, 0.01, 0.2, 0.4, 3000);
        assertThat(new int[] {r.swapped(), r.strandFlipped(), r.palindromicByEaf(), r.seFromCi()})
                .containsExactly(1, 2, 3, 4);
    }
}
