package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * chrX, chrY and chrM against plink2 2.00a3.5 {@code --glm} on the fixture of {@code data/gwas-x/} (its README:
 * 320 samples, 150 XY, 160 XX, 10 of unknown sex; chr22, X in PAR1 and outside the PARs, Y, MT; rare variants with
 * Firth fallback, missing calls): every ADD row of a linear and a Firth-fallback logistic phenotype under {@code
 * --xchr-model 2} (plink2's default), {@code 1}, {@code 0}, {@code no-x-sex} and {@code sex}, with the tolerances of
 * {@link GwasSparkTest}: A1, OBS_CT, ERRCODE and FIRTH? equal, BETA/OR and linear SE at 1e-5 relative (PLINK
 * prints 6 digits), P at 1e-4 in log10; except that PLINK's single-precision logistic fits on rare variants in ~300
 * samples are looser than on the 2504-sample fixtures (the same on autosomes, chrY and chrM as on chrX): logistic SE
 * at {@link #LOGISTIC_SE_TOL} (largest seen 4e-5), Firth ln OR at {@link #FIRTH_LN_OR_TOL} (largest 2.5e-4) and SE
 * at {@link #FIRTH_SE_TOL} (largest 9e-5).
 */
class GwasSexChromosomesSparkTest extends SparkTestBase {
    static final double LOGISTIC_SE_TOL = 1e-4;
    static final double FIRTH_LN_OR_TOL = 5e-4;
    static final double FIRTH_SE_TOL = 2e-4;

    private static final String DIR = "data/gwas-x/";

    @TempDir
    static Path tmp;

    static Path table;

    @BeforeAll
    static void ingest() throws IOException {
        table = tmp.resolve("x.mvt");
        IngestRequest r = Ingests.request(Fixtures.resource(DIR + "cohort.vcf"), table, false, 2);
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(r.inputs())
                        .out(r.output())
                        .bank(r.bank())
                        .samplesManifest(Fixtures.resource(DIR + "cohort.psam").toString())
                        .genomeBuild(r.genomeBuild())
                        .options(r.options())
                        .dosageField(r.dosageField())
                        .infoFields(r.infoFields())
                        .partitions(r.partitions())
                        .overwrite(r.overwrite())
                        .arguments(r.arguments())
                        .build());
    }

    static Path run(String name, int xchrModel, GwasDesign.SexCovariate sex, int partitions) throws IOException {
        Path out = tmp.resolve(name);
        GwasRequest req = GwasRequest.builder()
                .table(table.toString())
                .phenoFile(Fixtures.resource(DIR + "pheno.tsv").toString())
                .covarFile(Fixtures.resource(DIR + "covar.tsv").toString())
                .partitions(partitions)
                .out(out.toString())
                .arguments(List.of("gwas", "test"))
                .sexChromosomes(new GwasDesign.SexChromosomes(xchrModel, sex))
                .build();
        GwasPlan.run(spark(), req);
        return out;
    }

    /** Both phenotypes of a run against plink2's files {@code plink2_<tag>.*}; returns the comparison. */
    static GwasSparkTest.Comparison compare(Path out, String tag) throws IOException {
        GwasSparkTest.Comparison c = new GwasSparkTest.Comparison("chrX " + tag);
        c.logisticSeTol = LOGISTIC_SE_TOL;
        c.firthLnOrTol = FIRTH_LN_OR_TOL;
        c.firthSeTol = FIRTH_SE_TOL;
        // the phenotype sample count only sets which logistic rows PLINK pads (see GwasSparkTest): none are here
        c.compare(out.resolve("qt.glm.linear"), DIR + "plink2_" + tag + ".qt.glm.linear", 0, UnaryOperator.identity());
        c.compare(
                out.resolve("cc.glm.logistic.hybrid"),
                DIR + "plink2_" + tag + ".cc.glm.logistic.hybrid",
                0,
                UnaryOperator.identity());
        c.assertClean();
        return c;
    }

    @Test
    void tableSexIsThePsamSex() throws IOException {
        Map<String, String> psam = new HashMap<>();
        for (String l : Files.readAllLines(Fixtures.resource(DIR + "cohort.psam"))) {
            if (!l.startsWith("#")) {
                String[] f = l.split("\t");
                psam.put(f[0], f[1].equals("1") ? "XY" : f[1].equals("2") ? "XX" : null);
            }
        }
        List<SamplesFile.Sample> samples =
                VariantTable.open(table.toString(), new Configuration()).samples(new Configuration());
        assertThat(samples).hasSize(320);
        for (SamplesFile.Sample s : samples) {
            // the unknown ones have too few X calls for ingest to infer a sex: the oracle's premise
            assertThat(s.sex()).as(s.id()).isEqualTo(psam.get(s.id()));
        }
    }

    @Test
    void defaultIsPlink2DefaultXchrModel2WithSexCovariateOnX() throws Exception {
        Path out = run("m2", 2, GwasDesign.SexCovariate.X_ONLY, 0);
        GwasSparkTest.Comparison c = compare(out, "m2");
        assertThat(c.rows).isEqualTo(2 * 112);
        assertThat(c.firthRows).isEqualTo(7);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/sex_chromosomes/xchr_model").asInt()).isEqualTo(2);
        assertThat(s.at("/sex_chromosomes/samples_sex_unknown").asInt()).isEqualTo(10);
        JsonNode qt = s.at("/phenotypes/qt");
        assertThat(qt.at("/covariates").toString()).isEqualTo("[\"age\",\"PC1\"]");
        assertThat(qt.at("/chrX/covariates").toString()).isEqualTo("[\"age\",\"PC1\",\"SEX\"]");
        // unknown-sex samples leave chrX; chrY is the XY samples
        assertThat(qt.at("/chrX/samples").asInt()).isLessThan(qt.at("/samples").asInt());
        assertThat(qt.at("/chrY/covariates").toString()).isEqualTo("[\"age\",\"PC1\"]");
        assertThat(qt.at("/chrY/samples").asInt()).isLessThanOrEqualTo(150);
    }

    @Test
    void xchrModel1CodesXyZeroOne() throws IOException {
        Path out = run("m1", 1, GwasDesign.SexCovariate.X_ONLY, 3);
        assertThat(compare(out, "m1").rows).isEqualTo(2 * 112);
    }

    @Test
    void xchrModel0SkipsChrX() throws IOException {
        Path out = run("m0", 0, GwasDesign.SexCovariate.X_ONLY, 0);
        assertThat(compare(out, "m0").rows).isEqualTo(2 * 38);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/phenotypes/qt/chrX/tested").asBoolean()).isFalse();
    }

    @Test
    void noXSexAndSexEverywhere() throws IOException {
        Path nox = run("nox", 2, GwasDesign.SexCovariate.NONE, 0);
        assertThat(compare(nox, "nox_m2").rows).isEqualTo(2 * 112);
        Path all = run("sex", 1, GwasDesign.SexCovariate.ALL, 0);
        assertThat(compare(all, "sex_m1").rows).isEqualTo(2 * 112);
        JsonNode s = new ObjectMapper().readTree(all.resolve("summary.json").toFile());
        assertThat(s.at("/phenotypes/cc/covariates").toString()).isEqualTo("[\"age\",\"PC1\",\"SEX\"]");
    }
}
