package org.musubi.wgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * {@code wgr} end to end on REGENIE's example cohort ingested from its {@code .bed}: the {@code .loco} files equal
 * REGENIE v1.0.6.7's (header byte for byte, every value within 1e-4) and the chosen h² its log's, for quantitative
 * Y1/Y2 (5-fold) and binary Y1/Y2 (leave-one-out); byte-identical outputs with 1, 2 and 8 tasks; bad input.
 * Reference files: {@code data/regenie/wgr/README.md}.
 */
@Tag("slow")
class WgrSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path table;

    @BeforeAll
    static void ingest() throws IOException {
        table = tmp.resolve("regenie.mvt");
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(Fixtures.resource("data/regenie/plink/example.bed")
                                .toString()))
                        .out(table.toString())
                        .bank("test-bank")
                        .options(new IngestOptions(false, 100_000, DosageField.NONE, List.of()))
                        .partitions(2)
                        .plinkRef("a2")
                        .arguments(List.of("ingest", "test"))
                        .build());
    }

    static WgrRequest.Builder request(String pheno, String out) {
        return WgrRequest.builder()
                .table(table.toString())
                .phenoFile(pheno)
                .covarFile(Fixtures.resource("data/regenie/gwas/covariates.txt").toString())
                .blockSize(100)
                .out(tmp.resolve(out).toString())
                .arguments(List.of("wgr", "test"));
    }

    static String resource(String p) {
        return Fixtures.resource(p).toString();
    }

    /** Max |ours − REGENIE's| over every value of the reference's rows (chr 1 and 2); headers must be equal. */
    static double compare(Path ours, String reference) throws IOException {
        List<String> a = Files.readAllLines(ours);
        List<String> b = Files.readAllLines(Fixtures.resource(reference));
        assertThat(a).hasSize(24);
        assertThat(a.get(0)).isEqualTo(b.get(0));
        double max = 0;
        for (int r = 1; r < b.size(); r++) {
            String[] x = a.get(r).split(" ");
            String[] y = b.get(r).split(" ");
            assertThat(x.length).isEqualTo(y.length);
            assertThat(x[0]).isEqualTo(y[0]);
            for (int i = 1; i < x.length; i++) {
                max = Math.max(max, Math.abs(Double.parseDouble(x[i]) - Double.parseDouble(y[i])));
            }
        }
        // rows 3..23 (chromosomes without variants) hold the whole-genome prediction, as row 2
        for (int r = 3; r < 24; r++) {
            assertThat(a.get(r).substring(a.get(r).indexOf(' ')))
                    .isEqualTo(a.get(2).substring(a.get(2).indexOf(' ')));
        }
        return max;
    }

    static JsonNode summary(String out) throws IOException {
        return new ObjectMapper()
                .readTree(tmp.resolve(out).resolve("summary.json").toFile());
    }

    @Test
    void quantitativeEqualsRegenieWithAnyNumberOfTasks() throws Exception {
        List<String> first = null;
        for (int tasks : new int[] {1, 2, 8}) {
            String out = "lin" + tasks;
            WgrPlan.run(
                    spark(),
                    request(resource("data/regenie/gwas/phenotype.txt"), out)
                            .partitions(tasks)
                            .build());
            Path dir = tmp.resolve(out);
            double d1 = compare(dir.resolve("wgr_1.loco"), "data/regenie/wgr/fit_lin_out_1.loco");
            double d2 = compare(dir.resolve("wgr_2.loco"), "data/regenie/wgr/fit_lin_out_2.loco");
            System.out.println("wgr quantitative, " + tasks + " task(s): max |diff| Y1 " + d1 + ", Y2 " + d2);
            assertThat(d1).isLessThan(1e-4);
            assertThat(d2).isLessThan(1e-4);
            JsonNode s = summary(out);
            assertThat(s.get("phenotypes").get(0).get("h2").asDouble()).isEqualTo(0.25);
            assertThat(s.get("phenotypes").get(1).get("h2").asDouble()).isEqualTo(0.01);
            assertThat(s.get("blocks").asInt()).isEqualTo(10);
            List<String> pred = Files.readAllLines(dir.resolve("wgr_pred.list"));
            assertThat(pred).hasSize(2);
            assertThat(pred.get(0)).startsWith("Y1 ").endsWith("/" + out + "/wgr_1.loco");
            List<String> files = new ArrayList<>();
            files.addAll(Files.readAllLines(dir.resolve("wgr_1.loco")));
            files.addAll(Files.readAllLines(dir.resolve("wgr_2.loco")));
            if (first == null) {
                first = files;
            } else {
                assertThat(files).isEqualTo(first);
            }
        }
    }

    @Test
    void binaryLeaveOneOutEqualsRegenie() throws Exception {
        WgrPlan.run(
                spark(),
                request(resource("data/regenie/gwas/phenotype_bin.txt"), "bin")
                        .partitions(3)
                        .build());
        Path dir = tmp.resolve("bin");
        double d1 = compare(dir.resolve("wgr_1.loco"), "data/regenie/wgr/fit_bin_out_1.loco");
        double d2 = compare(dir.resolve("wgr_2.loco"), "data/regenie/wgr/fit_bin_out_2.loco");
        System.out.println("wgr binary (LOO): max |diff| Y1 " + d1 + ", Y2 " + d2);
        assertThat(d1).isLessThan(1e-4);
        assertThat(d2).isLessThan(1e-4);
        JsonNode s = summary("bin");
        assertThat(s.get("cv").asText()).isEqualTo("leave-one-out");
        assertThat(s.get("phenotypes").get(0).get("h2").asDouble()).isEqualTo(0.01);
        assertThat(s.get("phenotypes").get(1).get("h2").asDouble()).isEqualTo(0.99);
        // the report's section
        Path page = tmp.resolve("bin-report.html");
        org.musubi.report.ReportPlan.run(
                spark().sparkContext().hadoopConfiguration(),
                new org.musubi.report.ReportRequest(List.of(dir.toString()), page.toString(), "WGR", false, List.of()));
        assertThat(Files.readString(page))
                .contains(
                        "<td>Y2</td><td>binary</td><td>500</td><td>0.9900</td><td>0.4634</td><td>0.3096 (−logLik/N)</td>")
                .contains("leave-one-out CV")
                .contains("internal: per-sample LOCO predictions");
    }

    @Test
    void binaryWithMissingValuesWritesNa() throws Exception {
        WgrPlan.run(
                spark(),
                request(resource("data/regenie/gwas/phenotype_bin_wNA.txt"), "binna")
                        .cv("kfold")
                        .gzip(true)
                        .build());
        List<String> l;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(tmp.resolve("binna").resolve("wgr_1.loco.gz")))))) {
            l = in.lines().toList();
        }
        assertThat(Files.readString(tmp.resolve("binna").resolve("wgr_pred.list")))
                .contains("/wgr_1.loco.gz\n");
        long na = java.util.Arrays.stream(l.get(2).split(" "))
                .filter("NA"::equals)
                .count();
        assertThat(na).isEqualTo(50);
        assertThat(summary("binna").get("cv").asText()).isEqualTo("5-fold");
    }

    /**
     * LOCO on a simulated bank with families (600 samples, chromosomes 21, 22 and X; {@code data/qc/README.md}) and a
     * trait driven by variants of 21 and 22: each chromosome's row leaves its own contribution out, so the rows of
     * 21, 22 and X differ from each other and from the whole-genome row (chromosomes without variants), and they sum
     * to twice the whole-genome prediction.
     */
    @Test
    void locoRowsLeaveEachChromosomeOut() throws Exception {
        Path sim = tmp.resolve("sim.mvt");
        org.musubi.testing.Ingests.ingest(spark(), Fixtures.resource("data/qc/sim_families.vcf.gz"), sim, false, 2);
        List<String> ids = new ArrayList<>();
        for (var smp : org.musubi.table.VariantTable.open(
                        sim.toString(), spark().sparkContext().hadoopConfiguration())
                .samples(spark().sparkContext().hadoopConfiguration())) {
            ids.add(smp.id());
        }
        // y = a few variants of 21 and 22 + noise (fixed seed); genotypes read back from the VCF's first columns
        java.util.Random rnd = new java.util.Random(7);
        double[] y = new double[ids.size()];
        List<String> vcf = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(Fixtures.resource("data/qc/sim_families.vcf.gz")))))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (!l.startsWith("#") && (l.startsWith("21\t") || l.startsWith("22\t"))) {
                    vcf.add(l);
                }
            }
        }
        for (int v = 0; v < vcf.size(); v += 50) {
            String[] f = vcf.get(v).split("\t");
            double beta = rnd.nextGaussian() * 0.3;
            for (int i = 0; i < y.length; i++) {
                String gt = f[9 + i];
                int d = (gt.charAt(0) == '1' ? 1 : 0) + (gt.length() > 2 && gt.charAt(2) == '1' ? 1 : 0);
                y[i] += beta * d;
            }
        }
        List<String> lines = new ArrayList<>(List.of("IID Q"));
        for (int i = 0; i < y.length; i++) {
            lines.add(ids.get(i) + " " + (y[i] + rnd.nextGaussian()));
        }
        Path pheno = tmp.resolve("sim_pheno.txt");
        Files.write(pheno, lines);
        WgrPlan.run(
                spark(),
                WgrRequest.builder()
                        .table(sim.toString())
                        .phenoFile(pheno.toString())
                        .blockSize(200)
                        .out(tmp.resolve("simwgr").toString())
                        .arguments(List.of("wgr", "test"))
                        .build());
        List<String> loco = Files.readAllLines(tmp.resolve("simwgr").resolve("wgr_1.loco"));
        assertThat(loco).hasSize(24);
        double[][] row = new double[24][];
        for (int r = 1; r < 24; r++) {
            String[] f = loco.get(r).split(" ");
            assertThat(f[0]).isEqualTo(Integer.toString(r));
            row[r] = new double[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                row[r][i - 1] = Double.parseDouble(f[i]);
            }
        }
        assertThat(row[21]).isNotEqualTo(row[22]);
        assertThat(row[21]).isNotEqualTo(row[1]);
        assertThat(row[23]).isNotEqualTo(row[1]);
        assertThat(row[2]).isEqualTo(row[1]);
        double maxSum = 0;
        double spread21 = 0;
        for (int i = 0; i < row[1].length; i++) {
            maxSum = Math.max(maxSum, Math.abs(row[21][i] + row[22][i] + row[23][i] - 2 * row[1][i]));
            spread21 = Math.max(spread21, Math.abs(row[21][i] - row[1][i]));
        }
        assertThat(maxSum).isLessThan(1e-4);
        assertThat(spread21).isGreaterThan(1e-3);
        assertThat(summary("simwgr").get("blocks").asInt()).isEqualTo(3 + 4 + 10);
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        Path few = tmp.resolve("few.txt");
        List<String> lines = new ArrayList<>(List.of("FID IID Y"));
        for (int i = 1; i <= 500; i++) {
            lines.add(i + " " + i + " " + (i <= 40 ? Double.toString(i * 0.1) : "NA"));
        }
        Files.write(few, lines);
        assertThatThrownBy(() ->
                        WgrPlan.run(spark(), request(few.toString(), "bad1").build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("phenotype Y has 40 non-missing value(s)")
                .hasMessageContaining("at least 50");
        assertThatThrownBy(() -> WgrPlan.run(
                        spark(),
                        request(resource("data/regenie/gwas/phenotype.txt"), "bad2")
                                .blockSize(2000)
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("contig 1 has 1000 variant(s), fewer than --block-size 2000");
        assertThatThrownBy(() -> WgrPlan.run(
                        spark(),
                        request(resource("data/regenie/gwas/phenotype.txt"), "bad3")
                                .folds(1001)
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("too few for --folds 1001");
    }
}
