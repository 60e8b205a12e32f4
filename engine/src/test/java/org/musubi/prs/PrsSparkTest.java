package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/** PRS on the ingested CINECA cohort against plink2 --score and pgsc_calc's own scores. */
class PrsSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path table;

    /** plink2 prints 6 significant digits: half a unit in the last printed digit of {@code v} (at least 1e-9). */
    static double printed(double v) {
        return v == 0 ? 1e-9 : Math.max(1e-9, 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 5));
    }

    @BeforeAll
    static void ingest() throws Exception {
        long t0 = System.nanoTime();
        table = tmp.resolve("cineca.mvt");
        ingestVcf(Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"), table, 2);
        System.out.printf("prs ingest: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Ingests one VCF (hard calls) into {@code table}, as the prs tests' cohorts. */
    static void ingestVcf(Path vcf, Path table, int partitions) throws Exception {
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(vcf.toString()))
                        .out(table.toString())
                        .bank("test")
                        .options(new IngestOptions(false, 100_000, DosageField.NONE, List.of()))
                        .dosageField("auto")
                        .partitions(partitions)
                        .arguments(List.of("ingest", "test"))
                        .build());
    }

    static PrsPlan.Summary run(String out, boolean meanImp, boolean keepAmbiguous, String... scores) throws Exception {
        long t0 = System.nanoTime();
        try {
            return run0(out, meanImp, keepAmbiguous, scores);
        } finally {
            System.out.printf("prs run %s: %.1f s%n", out, (System.nanoTime() - t0) / 1e9);
        }
    }

    static PrsPlan.Summary run0(String out, boolean meanImp, boolean keepAmbiguous, String... scores) throws Exception {
        List<String> files = new java.util.ArrayList<>();
        for (String s : scores) {
            files.add(Fixtures.resource("data/prs/" + s).toString());
        }
        return PrsPlan.run(
                spark(),
                PrsRequest.builder()
                        .table(table.toString())
                        .scoreFiles(files)
                        .meanImputation(meanImp)
                        .keepAmbiguous(keepAmbiguous)
                        .out(tmp.resolve(out).toString())
                        .arguments(List.of("prs"))
                        .build());
    }

    /** Oracle rows keyed by the VCF sample name (FID_IID, or IID when there is no FID column). */
    static Map<String, String[]> oracle(String name) throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.resource("data/prs/" + name));
        boolean fid = lines.get(0).startsWith("#FID");
        Map<String, String[]> out = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            String key = fid ? f[0] + "_" + f[1] : f[0];
            String[] rest = new String[f.length - (fid ? 2 : 1)];
            System.arraycopy(f, fid ? 2 : 1, rest, 0, rest.length);
            out.put(key, rest);
        }
        return out;
    }

    /** Max abs differences (SUM, AVG) of a score against an oracle; ALLELE_CT, DENOM, named dosage exact. */
    static double[] compare(Path outDir, String score, String oracleName, int avgCol, int sumCol) throws Exception {
        long t0 = System.nanoTime();
        Map<String, String[]> o = oracle(oracleName);
        List<Row> rows = spark().read()
                .parquet(outDir.resolve("scores.parquet").toString())
                .where("score = '" + score + "'")
                .collectAsList();
        assertThat(rows).hasSize(2504);
        double maxSum = 0;
        double maxAvg = 0;
        for (Row r : rows) {
            String[] f = o.get(r.getString(r.fieldIndex("sample_id")));
            assertThat(f).isNotNull();
            assertThat(r.getInt(r.fieldIndex("allele_ct"))).isEqualTo(Integer.parseInt(f[0]));
            assertThat(r.getInt(r.fieldIndex("denom"))).isEqualTo(Integer.parseInt(f[1]));
            if (avgCol == 3) {
                assertThat(r.getDouble(r.fieldIndex("named_allele_dosage_sum"))).isEqualTo(Double.parseDouble(f[2]));
            }
            double sum = Double.parseDouble(f[sumCol]);
            double avg = Double.parseDouble(f[avgCol]);
            double ds = Math.abs(r.getDouble(r.fieldIndex("sum")) - sum);
            double da = Math.abs(r.getDouble(r.fieldIndex("avg")) - avg);
            assertThat(ds).as("SUM %s", r.getString(1)).isLessThanOrEqualTo(printed(sum) * 1.0001);
            assertThat(da).as("AVG %s", r.getString(1)).isLessThanOrEqualTo(printed(avg) * 1.0001);
            maxSum = Math.max(maxSum, ds);
            maxAvg = Math.max(maxAvg, da);
        }
        System.out.printf(
                "prs oracle %s: max |dSUM| = %.3g, max |dAVG| = %.3g (%.1f s)%n",
                oracleName, maxSum, maxAvg, (System.nanoTime() - t0) / 1e9);
        return new double[] {maxSum, maxAvg};
    }

    @Test
    void scoresEqualPlink2AndPgscCalc() throws Exception {
        // pgsc_calc's matching (782 variants, ambiguous excluded) with the duplicate-ID test score alongside.
        PrsPlan.Summary s = run("pgsc.prs", true, false, "PGS001229_22.txt", "PGS001229_22_duplicate.txt");
        assertThat(s.matches().get(0).matched()).isEqualTo(782);
        assertThat(s.matches().get(0).excluded()).isEqualTo(47);
        assertThat(s.matches().get(0).unmatched()).isEqualTo(6);
        assertThat(s.matches().get(1).matched()).isEqualTo(8);
        Path out = tmp.resolve("pgsc.prs");
        compare(out, "PGS001229", "score_pgsc_calc_matched.sscore", 3, 5);
        for (String f : new String[] {
            "_SUCCESS", "PGS001229.sscore", "duplicatetest.sscore", "match_summary.csv", "summary.json"
        }) {
            assertThat(out.resolve(f)).exists();
        }
        String summary = Files.readString(out.resolve("match_summary.csv"));
        assertThat(summary)
                .contains("cineca,PGS001229,true,matched,false,false,false,false,false,false,782,93.65")
                .contains("cineca,PGS001229,true,excluded,true,false,false,false,false,false,47,5.63")
                .contains("cineca,PGS001229,true,unmatched,false,false,false,false,false,false,6,0.72");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("match_log.csv.gz")))) {
            String log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(log.lines().filter(l -> l.contains(",PGS001229,"))).hasSize(835);
        }

        // plink2 --score on rsIDs uses all 829 variants (ambiguous kept): mean imputation, from the VCF and the .bed.
        run("rsid.prs", true, true, "PGS001229_22.txt");
        compare(tmp.resolve("rsid.prs"), "PGS001229", "score_PGS001229_22_by_rsid_fromvcf.sscore", 3, 4);
        compare(tmp.resolve("rsid.prs"), "PGS001229", "score_PGS001229_22_by_rsid.sscore", 3, 4);
        run("nomi.prs", false, true, "PGS001229_22.txt");
        compare(tmp.resolve("nomi.prs"), "PGS001229", "score_PGS001229_22_by_rsid_nomeanimp.sscore", 3, 4);
    }

    @Test
    void lowOverlapFailsWithTheNumbers() {
        assertThatThrownBy(() -> PrsPlan.run(
                        spark(),
                        PrsRequest.builder()
                                .table(table.toString())
                                .scoreFiles(List.of(Fixtures.resource("data/prs/PGS000001_hmPOS_GRCh37.txt.gz")
                                        .toString()))
                                .out(tmp.resolve("fail.prs").toString())
                                .arguments(List.of("prs"))
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("PGS000001")
                .hasMessageContaining("0 of 77 scoring rows matched = 0.00%");
        assertThat(tmp.resolve("fail.prs")).doesNotExist();
    }
}
