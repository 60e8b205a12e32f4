package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.samples.PhenotypeFile;
import org.musubi.stats.GlmOptions;

/**
 * Hand-counted sex-chromosome coding of {@link GwasTask}: 8 samples, s0–s3 XY, s4–s7 XX, a quantitative phenotype,
 * no covariates (sex is added on chrX).
 */
class GwasSexChromosomeCodingTest {
    @TempDir
    Path tmp;

    private static final List<String> IDS = List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7");
    private static final List<String> SEXES = List.of("XY", "XY", "XY", "XY", "XX", "XX", "XX", "XX");

    record Row(String a1, double freq, int obs, double beta) {}

    private List<Row> test(int xchrModel, String contig, byte... codes) throws IOException {
        Path pheno = tmp.resolve("p.tsv");
        Files.writeString(pheno, "IID\tq\ns0\t3\ns1\t5\ns2\t1\ns3\t1\ns4\t2\ns5\t4\ns6\t0\ns7\t7\n");
        GwasDesign d = GwasDesign.build(
                IDS,
                PhenotypeFile.read(pheno.toString(), "-9", new Configuration()),
                List.of(),
                null,
                List.of(),
                null,
                "auto",
                GlmOptions.defaults(),
                SEXES,
                new GwasDesign.SexChromosomes(xchrModel, GwasDesign.SexCovariate.X_ONLY));
        GwasTask t = new GwasTask(d, 8);
        List<Row> out = new ArrayList<>();
        t.test(
                contig,
                100,
                ".",
                "A",
                "G",
                TwoBitVector.encode(codes, 8),
                null,
                r -> out.add(new Row(r.a1, r.a1Freq, r.obsCt, r.beta)));
        return out;
    }

    @Test
    void contigKinds() {
        assertThat(Arrays.asList("X", "chrX", "23").stream().map(GwasTask::contigKind))
                .containsOnly(GwasTask.CHR_X);
        assertThat(Arrays.asList("Y", "chrY", "24").stream().map(GwasTask::contigKind))
                .containsOnly(GwasTask.CHR_Y);
        assertThat(Arrays.asList("MT", "chrM", "M", "26").stream().map(GwasTask::contigKind))
                .containsOnly(GwasTask.CHR_M);
        // split PARs (PLINK's XY) are autosomal, as in PLINK 2
        assertThat(Arrays.asList("22", "chr1", "XY", "PAR1").stream().map(GwasTask::contigKind))
                .containsOnly(GwasTask.AUTOSOME);
    }

    @Test
    void xyAlleleCountsOnceForA1AndXchrModelSetsTheCoding() throws IOException {
        // XY haploid ALT (stored HOM_ALT = 2) x4; XX: one het. Counting XY once: ALT 5 of 12 alleles, minor
        // (counting XY twice it would be 9 of 16, major): A1 = ALT
        byte[] codes = {2, 2, 2, 2, 1, 0, 0, 0};
        Row m1 = test(1, "X", codes).get(0);
        assertThat(m1.a1()).isEqualTo("G");
        assertThat(m1.freq()).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(m1.obs()).isEqualTo(8);
        Row m2 = test(2, "X", codes).get(0);
        assertThat(m2.a1()).isEqualTo("G");
        assertThat(m2.freq()).isCloseTo(9.0 / 16, within(1e-12));
        // with sex a covariate the genotype effect is within sex: XX x = 1,0,0,0 vs y = 2,4,0,7 → slope 2 - 11/3;
        // XY genotype constant
        assertThat(m2.beta()).isCloseTo(2 - 11.0 / 3, within(1e-9));
        assertThat(m1.beta()).isCloseTo(2 - 11.0 / 3, within(1e-9));
        assertThat(test(0, "X", codes)).isEmpty();
        // an autosome counts everyone twice: A1 = REF, frequency 1 - 9/16
        Row auto = test(1, "22", codes).get(0);
        assertThat(auto.a1()).isEqualTo("A");
        assertThat(auto.freq()).isCloseTo(7.0 / 16, within(1e-12));
    }

    @Test
    void chrYIsXyOnlyCodedZeroOne() throws IOException {
        // XY calls ALT, ALT, REF, REF (stored 2, 2, 0, 0); XX missing. y = 3, 5, 1, 1: slope 4 - 1 = 3 per allele
        byte[] codes = {2, 2, 0, 0, 3, 3, 3, 3};
        for (int model : new int[] {0, 1, 2}) {
            Row y = test(model, "Y", codes).get(0);
            assertThat(y.a1()).isEqualTo("G");
            assertThat(y.freq()).isCloseTo(0.5, within(1e-12));
            assertThat(y.obs()).isEqualTo(4);
            assertThat(y.beta()).isCloseTo(3, within(1e-9));
        }
    }

    @Test
    void chrMIsCodedZeroOneForEveryone() throws IOException {
        byte[] codes = {2, 0, 0, 0, 2, 0, 0, 0};
        Row m = test(2, "MT", codes).get(0);
        assertThat(m.a1()).isEqualTo("G");
        assertThat(m.freq()).isCloseTo(2.0 / 8, within(1e-12));
        assertThat(m.obs()).isEqualTo(8);
        // x = 1 for s0 (y 3) and s4 (y 2), 0 for the rest (mean 18/6 = 3): slope 2.5 - 3 = -0.5
        assertThat(m.beta()).isCloseTo(-0.5, within(1e-9));
    }
}
