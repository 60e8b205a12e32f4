package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * {@code qc} end to end against plink2 2.00a3.5 ({@code --missing}, {@code --het}, {@code --make-king-table}, {@code
 * --king-cutoff}) and PLINK 1.9 ({@code --check-sex}) on the real cohorts and a simulated one with families
 * (oracles and their commands: {@code data/qc/README.md}); the same outputs with 1, 2 and 8 tasks; bad input.
 */
@Tag("slow")
class QcSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path cineca;
    static Path wex;
    static Path regenie;
    static Path sim;
    /** Two trio children whose manifest sex is flipped (non-founders: the founders' X frequencies stay the same). */
    static final List<String> FLIPPED = new ArrayList<>();

    @BeforeAll
    static void tables() throws Exception {
        cineca = ingest("data/pgsc_calc/cineca_synthetic_subset.vcf.gz", "cineca.mvt", null);
        wex = ingest("data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz", "wex.mvt", null);
        regenie = ingest("data/regenie/gwas/regenie_example_fromplink.AC.vcf.gz", "regenie.mvt", null);
        List<String> manifest = Files.readAllLines(Fixtures.resource("data/qc/sim_families.samples.tsv"));
        List<String> flipped = new ArrayList<>();
        for (String l : manifest) {
            String[] f = l.split("\t", -1);
            if (FLIPPED.size() < 2 && !f[5].equals("0") && !f[5].equals("pat")) {
                FLIPPED.add(f[0]);
                f[1] = f[1].equals("XY") ? "XX" : "XY";
            }
            flipped.add(String.join("\t", f));
        }
        Path m = tmp.resolve("sim_families.flipped.tsv");
        Files.write(m, flipped);
        sim = ingest("data/qc/sim_families.vcf.gz", "sim.mvt", m.toString());
    }

    static Path ingest(String vcf, String name, String manifest) throws IOException {
        return ingest(tmp, vcf, name, manifest);
    }

    /** Ingests a test VCF into {@code dir}; with a manifest, as bank {@code test-bank} on GRCh38. */
    static Path ingest(Path dir, String vcf, String name, String manifest) throws IOException {
        Path out = dir.resolve(name);
        IngestRequest r = Ingests.request(Fixtures.resource(vcf), out, false, 2);
        if (manifest != null) {
            r = IngestRequest.builder()
                    .inputs(r.inputs())
                    .out(r.output())
                    .bank("test-bank")
                    .samplesManifest(manifest)
                    .genomeBuild("GRCh38")
                    .options(r.options())
                    .dosageField("auto")
                    .partitions(2)
                    .arguments(List.of("ingest", "test"))
                    .build();
        }
        IngestPlan.run(spark(), r);
        return out;
    }

    /** A request that fails nothing (so KING runs on every sample and variant, as the oracles). */
    static QcRequest.Builder everything(Path table, String out, int partitions) {
        return QcRequest.builder()
                .table(table.toString())
                .sampleMinCallRate(0)
                .hetSd(0)
                .variantMinCallRate(0)
                .hwe(0)
                .partitions(partitions)
                .out(tmp.resolve(out).toString())
                .arguments(List.of("qc", "test"));
    }

    static List<String> lines(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    static List<String> oracle(String file) throws IOException {
        return lines(Fixtures.resource("data/qc/" + file));
    }

    /** .kin0 rows keyed by the two ID columns' text. */
    static Map<String, String[]> kin0(List<String> lines) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            int ids = f.length - 4;
            out.put(String.join("\t", java.util.Arrays.copyOf(f, ids)), java.util.Arrays.copyOfRange(f, ids, f.length));
        }
        return out;
    }

    /**
     * variants.qc.parquet holds one row per .vmiss line, in its order, with its ID and counts (null ID where it
     * prints {@code .}), and PASS exactly for the keep list's variants.
     */
    static void assertVariantParquetMatchesText(Path out, String name) throws IOException {
        List<org.apache.spark.sql.Row> rows = spark().read()
                .parquet(out.resolve("variants.qc.parquet").toString())
                .collectAsList();
        List<String> vmiss = lines(out.resolve("qc.vmiss"));
        assertThat(rows).as(name + " variants.qc.parquet rows").hasSize(vmiss.size() - 1);
        List<String> keep = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            org.apache.spark.sql.Row r = rows.get(k);
            String[] f = vmiss.get(k + 1).split("\t");
            assertThat(r.isNullAt(2) ? "." : r.getString(2)).isEqualTo(f[1]);
            assertThat(r.getInt(5)).isEqualTo(Integer.parseInt(f[2]));
            assertThat(r.getInt(6)).isEqualTo(Integer.parseInt(f[3]));
            assertThat(r.isNullAt(7) ? "nan" : org.musubi.format.NumberFormats.g6(r.getDouble(7)))
                    .isEqualTo(f[4]);
            assertThat(r.getInt(8) + r.getInt(9) + r.getInt(10)).isLessThanOrEqualTo(r.getInt(6));
            if (r.getBoolean(14)) {
                assertThat(r.isNullAt(15)).isTrue();
                keep.add(r.getString(0) + ":" + r.getInt(1) + ":" + r.getString(3) + ":" + r.getString(4));
            } else {
                assertThat(r.getString(15)).isNotEmpty();
            }
        }
        assertThat(lines(out.resolve("keep.variants.txt"))).isEqualTo(keep);
    }

    static void assertMatchesPlink2(Path out, String name) throws IOException {
        assertThat(lines(out.resolve("qc.smiss"))).as(name + " .smiss").isEqualTo(oracle(name + ".smiss"));
        assertThat(lines(out.resolve("qc.vmiss"))).as(name + " .vmiss").isEqualTo(oracle(name + ".vmiss"));
        assertThat(lines(out.resolve("qc.het"))).as(name + " .het").isEqualTo(oracle(name + ".het"));
        assertVariantParquetMatchesText(out, name);
        List<String> ours = lines(out.resolve("king.kin0"));
        List<String> theirs = oracle(name + ".kin0.gz");
        assertThat(ours.get(0)).isEqualTo(theirs.get(0));
        Map<String, String[]> a = kin0(ours);
        Map<String, String[]> b = kin0(theirs);
        assertThat(a.keySet()).as(name + " pairs at or above the filter").containsExactlyElementsOf(b.keySet());
        // plink2 2.00a3.5's sparse pass miscounts NSNP by one for a few pairs (kingref.py counts them by definition)
        Map<String, long[]> off = new LinkedHashMap<>();
        Path offFile = Fixtures.resource("data/qc").resolve(name + ".nsnp_plink2_off.tsv");
        if (Files.exists(offFile)) {
            for (String l : Files.readAllLines(offFile)) {
                String[] f = l.split("\t");
                int ids = f.length - 2;
                off.put(
                        String.join("\t", java.util.Arrays.copyOf(f, ids)),
                        new long[] {Long.parseLong(f[ids]), Long.parseLong(f[ids + 1])});
            }
        }
        for (Map.Entry<String, String[]> e : b.entrySet()) {
            String[] x = a.get(e.getKey());
            String[] y = e.getValue();
            long[] exact = off.get(e.getKey());
            if (exact != null) {
                assertThat(Long.parseLong(x[0]))
                        .as(name + " exact NSNP " + e.getKey())
                        .isEqualTo(exact[1]);
                for (int k = 1; k <= 2; k++) {
                    assertThat(Math.round(Double.parseDouble(x[k]) * exact[1]))
                            .as(name + " HETHET/IBS0 counts " + e.getKey())
                            .isEqualTo(Math.round(Double.parseDouble(y[k]) * exact[0]));
                }
            } else {
                assertThat(x[0]).as(name + " NSNP " + e.getKey()).isEqualTo(y[0]);
                assertThat(x[1]).as(name + " HETHET " + e.getKey()).isEqualTo(y[1]);
                assertThat(x[2]).as(name + " IBS0 " + e.getKey()).isEqualTo(y[2]);
            }
            if (y[3].equals("nan") || y[3].endsWith("inf")) {
                assertThat(x[3]).as(name + " KINSHIP " + e.getKey()).isEqualTo(y[3]);
            } else {
                assertThat(Double.parseDouble(x[3]))
                        .as(name + " KINSHIP " + e.getKey())
                        .isCloseTo(Double.parseDouble(y[3]), within(1e-4));
            }
        }
        assertThat(lines(out.resolve("unrelated.txt")))
                .as(name + " unrelated")
                .isEqualTo(oracle(name + ".king.cutoff.in.id"));
        assertThat(lines(out.resolve("unrelated.remove.txt")))
                .as(name + " removed")
                .isEqualTo(oracle(name + ".king.cutoff.out.id"));
    }

    @Test
    void cinecaAsPlink2WithOneTwoAndEightTasks() throws Exception {
        Path one = Path.of(
                QcPlan.run(spark(), everything(cineca, "cineca1", 1).build()).out());
        assertMatchesPlink2(one, "cineca");
        for (int tasks : new int[] {2, 8}) {
            Path other = Path.of(QcPlan.run(
                            spark(), everything(cineca, "cineca" + tasks, tasks).build())
                    .out());
            for (String f : List.of("qc.smiss", "qc.vmiss", "qc.het", "samples.qc.tsv", "king.kin0", "unrelated.txt")) {
                assertThat(lines(other.resolve(f)))
                        .as(f + " with " + tasks + " tasks")
                        .isEqualTo(lines(one.resolve(f)));
            }
        }
    }

    @Test
    void exomeWithMissingCallsAsPlink2() throws Exception {
        assertMatchesPlink2(
                Path.of(QcPlan.run(
                                spark(), everything(wex, "wex", 2).kingTile(256).build())
                        .out()),
                "wex");
    }

    @Test
    void regenieAsPlink2() throws Exception {
        assertMatchesPlink2(
                Path.of(QcPlan.run(spark(), everything(regenie, "regenie", 3).build())
                        .out()),
                "regenie");
    }

    @Test
    void simulatedFamiliesAsPlink2AndPlink19SexCheck() throws Exception {
        Path out = Path.of(
                QcPlan.run(spark(), everything(sim, "sim", 2).kingTile(128).build())
                        .out());
        assertMatchesPlink2(out, "sim_families");
        List<String> ours = lines(out.resolve("qc.sexcheck"));
        List<String> theirs = oracle("sim_families.sexcheck");
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 1; i < ours.size(); i++) {
            String[] x = ours.get(i).split("\t");
            String[] y = theirs.get(i).strip().split("\\s+");
            assertThat(x[1]).isEqualTo(y[1]);
            boolean flipped = FLIPPED.contains(x[1]);
            assertThat(x[2]).as("PEDSEX " + x[1]).isEqualTo(flipped ? (y[2].equals("1") ? "2" : "1") : y[2]);
            assertThat(x[3]).as("SNPSEX " + x[1]).isEqualTo(y[3]);
            assertThat(x[4]).as("STATUS " + x[1]).isEqualTo(flipped ? "PROBLEM" : y[4]);
            assertThat(Double.parseDouble(x[5])).as("F " + x[1]).isCloseTo(Double.parseDouble(y[5]), within(1e-4));
        }
        // the sex mismatch is reported, not fatal: listed, the samples kept
        List<String> table = lines(out.resolve("samples.qc.tsv"));
        long problems = table.stream().filter(l -> l.contains("\tPROBLEM\t")).count();
        assertThat(problems).isEqualTo(2);
        assertThat(String.join("\n", lines(out.resolve("keep.samples.txt")))).contains(FLIPPED.get(0));
        // the pedigree comparison lists every recorded parent-offspring pair that KING (here as plink2) does not
        // find first degree: on this fixture's 1195 autosomal variants, a few
        Map<String, String[]> theirKin = kin0(oracle("sim_families.kin0.gz"));
        long expected = 0;
        for (String l : oracle("sim_families.samples.tsv").subList(1, 601)) {
            String[] f = l.split("\t");
            for (String parent : new String[] {f[5], f[6]}) {
                if (parent.equals("0")) {
                    continue;
                }
                String fam = f[4];
                String[] k = theirKin.get(fam + "\t" + f[0] + "\t" + fam + "\t" + parent);
                if (k == null) {
                    k = theirKin.get(fam + "\t" + parent + "\t" + fam + "\t" + f[0]);
                }
                double phi = k == null ? 0 : Double.parseDouble(k[3]);
                expected += phi > 0.177 && phi <= 0.354 ? 0 : 1;
            }
        }
        // no pair of different families is called first degree (second degree is: the simulator's unrelated samples
        // copy one of 32 founder haplotypes per LD block, so they share some IBD by design)
        for (String[] k : kin0(lines(out.resolve("king.kin0"))).entrySet().stream()
                .filter(e -> !e.getKey().split("\t")[0].equals(e.getKey().split("\t")[2]))
                .map(Map.Entry::getValue)
                .toList()) {
            assertThat(Double.parseDouble(k[3])).isLessThanOrEqualTo(0.177);
        }
        List<String> ped = lines(out.resolve("king.pedigree.tsv"));
        assertThat(ped.get(0)).isEqualTo("#FID1\tIID1\tFID2\tIID2\tRECORDED\tINFERRED\tKINSHIP");
        assertThat(ped.stream().filter(l -> l.contains("\tparent-offspring\t")).count())
                .isEqualTo(expected);
    }

    @Test
    void badInputOneLineEach() throws Exception {
        Path xOnly = tmp.resolve("xonly.mvt");
        org.musubi.testing.Ingests.ingest(spark(), Fixtures.resource("data/bcftools/edge/vcf2sex.vcf"), xOnly, true, 1);
        assertThatThrownBy(() -> QcPlan.run(
                        spark(),
                        everything(xOnly, "xonly", 1)
                                .steps(EnumSet.of(QcStep.KING))
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("no autosomal variants");
        assertThatThrownBy(() -> QcPlan.run(
                        spark(),
                        everything(regenie, "allrelated", 2)
                                .steps(EnumSet.of(QcStep.KING, QcStep.UNRELATED))
                                .kingCutoff(-1)
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("every one of the 500 samples has a relative");
        assertThat(tmp.resolve("allrelated")).doesNotExist();
    }
}
