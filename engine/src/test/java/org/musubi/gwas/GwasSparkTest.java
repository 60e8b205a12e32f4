package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * The gwas plan end to end on real data against PLINK 2.00a3.5's own {@code --glm} output: every ADD row of every
 * oracle file (glow 1000 Genomes rare variants with Firth fallback and no-firth, the CINECA cohort with missing
 * calls and FID_IID sample names, the regenie example with missing phenotypes), several phenotypes per run, the
 * same results whatever the partitioning, the GWAS-SSF file and its metadata, and λGC.
 *
 * <p>Tolerances (the kernels' oracle test {@code org.musubi.stats.GlowGwasOracleTest} explains them):
 *
 * <ul>
 *   <li>PLINK prints 6 significant digits (relative error ≤ 5e-6) and fits logistic models in single precision
 *       (up to a few 1e-6 more): BETA/OR and SE at relative {@link #REL_TOL}; P at {@link #LOG10_P_TOL} on the
 *       log10 scale; OBS_CT, A1, ERRCODE and FIRTH? equal.
 *   <li>Firth rows: PLINK 2.00a3.5 stops its single-precision Firth iterations at coefficient steps ≤ 1e-4, so its
 *       ln(OR) is ~3.5e-5 from the penalised optimum Musubi reaches (checked in {@code FirthRegressionTest}):
 *       |Δ ln OR| ≤ {@link #FIRTH_LN_OR_TOL}, SE relative ≤ {@link #FIRTH_SE_REL_TOL}.
 *   <li>Logistic rows of a variant with missing calls whose OBS_CT is not a multiple of 4: PLINK's SIMD Hessian
 *       adds phantom padding observations there (see {@code data/pgsc_calc/gwas/README.md}); its SE is then
 *       ~2e-4 too small. OR stays at {@link #REL_TOL}; SE and P get {@link #PADDED_TOL}. The test counts these
 *       rows and requires PLINK's SE to be the smaller one (phantoms only add information).
 * </ul>
 */
class GwasSparkTest extends SparkTestBase {
    static final double REL_TOL = 1e-5;
    static final double LOG10_P_TOL = 1e-4;
    static final double FIRTH_LN_OR_TOL = 1e-4;
    static final double FIRTH_SE_REL_TOL = 5e-5;
    static final double PADDED_TOL = 1e-3;

    @TempDir
    static Path tmp;

    static Path glow;
    static Path cineca;
    static Path regenie;

    @BeforeAll
    static void ingestFixtures() throws IOException {
        glow = ingest("data/glow/gwas-vcf/genotypes.vcf.gz", "glow.mvt", 1);
        cineca = ingest("data/pgsc_calc/cineca_synthetic_subset.vcf.gz", "cineca-1.mvt", 1);
        regenie = ingest("data/regenie/gwas/regenie_example_fromplink.AC.vcf.gz", "regenie.mvt", 1);
    }

    static Path ingest(String resource, String name, int partitions) throws IOException {
        Path out = tmp.resolve(name);
        Ingests.ingest(spark(), Fixtures.resource(resource), out, false, partitions);
        return out;
    }

    static GwasRequest request(
            Path table, Path pheno, List<String> names, String covar, String model, int partitions, Path out) {
        return GwasRequest.builder()
                .table(table.toString())
                .phenoFile(pheno.toString())
                .phenoNames(names)
                .covarFile(covar == null ? null : Fixtures.resource(covar).toString())
                .model(model)
                .partitions(partitions)
                .out(out.toString())
                .arguments(List.of("gwas", "test"))
                .build();
    }

    // ---------------------------------------------------------------- glow: linear, Firth fallback, no Firth

    @Test
    void glowLinearFirthFallbackAndNoFirthMatchPlinkOnEveryVariant() throws Exception {
        String covar = "data/glow/gwas/covariates.tsv";
        // a quantitative and a binary trait in one run (one linear and one logistic kernel)
        Path pheno = merge(
                "glow-pheno.tsv",
                List.of(
                        new Column("data/glow/gwas/continuous.tsv", "Continuous_Trait_1", "Continuous_Trait_1"),
                        new Column("data/glow/gwas/binary.tsv", "Binary_Trait_1", "Binary_Trait_1")));
        Path both = tmp.resolve("glow-both");
        GwasPlan.run(spark(), request(glow, pheno, List.of(), covar, "auto", 0, both));
        Path nof = tmp.resolve("glow-nofirth");
        GwasPlan.run(
                spark(),
                request(
                        glow,
                        Fixtures.resource("data/glow/gwas/binary.tsv"),
                        List.of("Binary_Trait_1"),
                        covar,
                        "logistic-no-firth",
                        0,
                        nof));

        Comparison c = new Comparison("glow");
        c.compare(
                both.resolve("Continuous_Trait_1.glm.linear"),
                "data/glow/gwas/gwas_glow.Continuous_Trait_1.glm.linear",
                2504,
                UnaryOperator.identity());
        c.compare(
                both.resolve("Binary_Trait_1.glm.logistic.hybrid"),
                "data/glow/gwas/gwas_glow.Binary_Trait_1.glm.logistic.hybrid",
                2504,
                UnaryOperator.identity());
        c.compare(
                nof.resolve("Binary_Trait_1.glm.logistic"),
                "data/glow/gwas/gwas_glow_nofirth.Binary_Trait_1.glm.logistic",
                2504,
                UnaryOperator.identity());
        c.assertClean();
        assertThat(c.firthRows).isEqualTo(6);
        assertThat(c.errcodes).containsEntry("SEPARATION,ALT1", 6);
        // PLINK's file names per mode, and no other glm file
        assertThat(names(both, ".glm."))
                .containsExactly("Binary_Trait_1.glm.logistic.hybrid", "Continuous_Trait_1.glm.linear");
        assertThat(names(nof, ".glm.")).containsExactly("Binary_Trait_1.glm.logistic");
        Path firth = tmp.resolve("glow-firth");
        GwasPlan.run(
                spark(),
                request(
                        glow,
                        Fixtures.resource("data/glow/gwas/binary.tsv"),
                        List.of("Binary_Trait_1"),
                        covar,
                        "firth",
                        0,
                        firth));
        assertThat(names(firth, ".glm.")).containsExactly("Binary_Trait_1.glm.firth");
        List<String> firthLines = Files.readAllLines(firth.resolve("Binary_Trait_1.glm.firth"));
        assertThat(firthLines.get(0))
                .isEqualTo("#CHROM\tPOS\tID\tREF\tALT\tA1\tTEST\tOBS_CT\tOR\tLOG(OR)_SE\tZ_STAT\tP\tERRCODE");
        assertThat(firthLines).hasSize(14);
        JsonNode s = new ObjectMapper().readTree(firth.resolve("summary.json").toFile());
        assertThat(s.at("/phenotypes/Binary_Trait_1/model").asText()).startsWith("Firth");
        checkSsfAndSummary(both, "Continuous_Trait_1", ".glm.linear");
        checkSsfAndSummary(both, "Binary_Trait_1", ".glm.logistic.hybrid");
        checkSsfAndSummary(nof, "Binary_Trait_1", ".glm.logistic");
    }

    // ---------------------------------------------------------------- CINECA: FID_IID names, missing calls

    /** Two quantitative and two binary traits of the CINECA cohort in one file (FID IID), tested in one run. */
    static synchronized Path cinecaPheno() throws IOException {
        Path p = tmp.resolve("cineca-pheno.tsv");
        if (!Files.exists(p)) {
            String q = "data/glow/gwas/continuous.tsv";
            String b = "data/pgsc_calc/gwas/glow_binary.fid.tsv";
            merge(
                    p.getFileName().toString(),
                    List.of(
                            new Column(b, null, null),
                            new Column(q, "Continuous_Trait_1", "Continuous_Trait_1"),
                            new Column(q, "Continuous_Trait_2", "Continuous_Trait_2"),
                            new Column(b, "Binary_Trait_1", "Binary_Trait_1"),
                            new Column(b, "Binary_Trait_2", "Binary_Trait_2")));
        }
        return p;
    }

    static Path cinecaRun(Path table, int partitions, String name) throws IOException {
        Path out = tmp.resolve(name);
        if (!Files.exists(out)) {
            GwasPlan.run(
                    spark(),
                    request(table, cinecaPheno(), List.of(), "data/glow/gwas/covariates.tsv", "auto", partitions, out));
        }
        return out;
    }

    @Test
    void cinecaFourPhenotypesInOneRunMatchPlinkOnEveryVariant() throws Exception {
        Path out = cinecaRun(cineca, 0, "cineca");
        Comparison c = new Comparison("cineca");
        for (String t : List.of("Continuous_Trait_1", "Continuous_Trait_2")) {
            c.compare(
                    out.resolve(t + ".glm.linear"),
                    "data/pgsc_calc/gwas/gwas_cineca." + t + ".glm.linear",
                    2504,
                    UnaryOperator.identity());
            checkSsfAndSummary(out, t, ".glm.linear");
        }
        for (String t : List.of("Binary_Trait_1", "Binary_Trait_2")) {
            c.compare(
                    out.resolve(t + ".glm.logistic.hybrid"),
                    "data/pgsc_calc/gwas/gwas_cineca." + t + ".glm.logistic.hybrid",
                    2504,
                    UnaryOperator.identity());
            checkSsfAndSummary(out, t, ".glm.logistic.hybrid");
        }
        c.assertClean();
        // rs2073447 and rs9614823 in both binary traits (PLINK's padding artefact), not 50184484 (OBS_CT 2472)
        assertThat(c.paddedRows).isEqualTo(4);
        assertThat(c.rows).isEqualTo(4 * 829);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("phenotypes").size()).isEqualTo(4);
        // every VCF sample (FID_IID) found in the FID IID phenotype file and in the IID covariate file
        assertThat(s.get("notes").size()).isZero();
        assertThat(s.at("/phenotypes/Binary_Trait_1/samples").asInt()).isEqualTo(2504);
    }

    /** Every result column of every row, in a canonical order. */
    static List<String> results(Path out) {
        List<String> rows = new ArrayList<>();
        String p = out.resolve("results.parquet").toString();
        Dataset<Row> read = spark().read().option("basePath", p).parquet(p);
        // the tasks write the Parquet directly: Spark reads it back with the documented schema (the phenotype
        // partition column last, as Spark's partition discovery puts it)
        StructType expected = new StructType();
        for (StructField f : GwasResults.SCHEMA.fields()) {
            if (!f.name().equals(GwasResults.PHENOTYPE)) {
                expected = expected.add(f.name(), f.dataType(), true);
            }
        }
        expected = expected.add(GwasResults.PHENOTYPE, DataTypes.StringType, true);
        assertThat(read.schema().toDDL()).isEqualTo(expected.toDDL());
        for (Row r : read.orderBy("phenotype", "contig", "pos", "alt").collectAsList()) {
            rows.add(r.mkString("|"));
        }
        return rows;
    }

    @Test
    void resultsDoNotDependOnPartitioning() throws Exception {
        List<String> reference = results(cinecaRun(cineca, 1, "cineca-r1"));
        assertThat(reference).hasSize(4 * 829);
        for (int tasks : new int[] {2, 8}) {
            assertThat(results(cinecaRun(cineca, tasks, "cineca-r" + tasks)))
                    .as("gwas --partitions %d", tasks)
                    .isEqualTo(reference);
        }
        Path t8 = ingest("data/pgsc_calc/cineca_synthetic_subset.vcf.gz", "cineca-8.mvt", 8);
        assertThat(results(cinecaRun(t8, 0, "cineca-t8")))
                .as("table ingested at 8, default tasks")
                .isEqualTo(reference);
        // the text outputs too: the tasks' parts concatenate to the same files
        for (String f : List.of("Binary_Trait_1.glm.logistic.hybrid", "Continuous_Trait_1.glm.linear")) {
            byte[] one = Files.readAllBytes(tmp.resolve("cineca-r1").resolve(f));
            assertThat(Files.readAllBytes(tmp.resolve("cineca-r8").resolve(f)))
                    .as(f)
                    .isEqualTo(one);
            assertThat(Files.readAllBytes(tmp.resolve("cineca-t8").resolve(f)))
                    .as(f)
                    .isEqualTo(one);
        }
    }

    // ---------------------------------------------------------------- regenie: missing phenotypes

    @Test
    void regenieQuantitativeBinaryAndMissingPhenotypesInOneRunMatchPlink() throws Exception {
        // the fixture VCF renames plink's allele codes 2 (REF) and 1 (ALT) to A and C
        UnaryOperator<String> alleles = a -> switch (a) {
            case "2" -> "A";
            case "1" -> "C";
            default -> a;
        };
        String dir = "data/regenie/gwas/";
        Path pheno = merge(
                "regenie-pheno.tsv",
                List.of(
                        new Column(dir + "phenotype.txt", null, null),
                        new Column(dir + "phenotype.txt", "Y1", "qt_Y1"),
                        new Column(dir + "phenotype.txt", "Y2", "qt_Y2"),
                        new Column(dir + "phenotype_bin.txt", "Y1", "bt_Y1"),
                        new Column(dir + "phenotype_bin.txt", "Y2", "bt_Y2"),
                        new Column(dir + "phenotype_bin_wNA.txt", "Y1", "btNA_Y1")));
        Path out = tmp.resolve("regenie");
        GwasPlan.run(spark(), request(regenie, pheno, List.of(), dir + "covariates.txt", "auto", 0, out));
        Comparison c = new Comparison("regenie");
        for (String t : List.of("Y1", "Y2")) {
            c.compare(
                    out.resolve("qt_" + t + ".glm.linear"), dir + "gwas_regenie_qt." + t + ".glm.linear", 500, alleles);
            c.compare(
                    out.resolve("bt_" + t + ".glm.logistic.hybrid"),
                    dir + "gwas_regenie_bt." + t + ".glm.logistic.hybrid",
                    500,
                    alleles);
        }
        c.compare(
                out.resolve("btNA_Y1.glm.logistic.hybrid"),
                dir + "gwas_regenie_bt_wNA.Y1.glm.logistic.hybrid",
                450,
                alleles);
        c.assertClean();
        assertThat(c.rows).isEqualTo(5000);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/phenotypes/btNA_Y1/samples").asInt()).isEqualTo(450);
        assertThat(s.at("/phenotypes/bt_Y1/samples").asInt()).isEqualTo(500);
        assertThat(s.at("/phenotypes/bt_Y1/coding").asText()).startsWith("0/1");
        checkSsfAndSummary(out, "qt_Y1", ".glm.linear");
        checkSsfAndSummary(out, "btNA_Y1", ".glm.logistic.hybrid");
    }

    /**
     * A column of a phenotype file (whitespace separated, header {@code FID IID …} or {@code #IID …}), renamed;
     * {@code column == null} takes the file's FID and IID (the merged file's first columns).
     */
    record Column(String resource, String column, String as) {}

    /**
     * Writes a phenotype file with the given columns, rows matched on IID in the order of the first file; header
     * {@code FID IID …} when the first column spec is a FID/IID one, else {@code #IID …}.
     */
    static Path merge(String name, List<Column> columns) throws IOException {
        Map<String, Map<String, String>> files = new HashMap<>();
        List<String> order = new ArrayList<>();
        Map<String, String> fid = new HashMap<>();
        for (Column c : columns) {
            if (files.containsKey(c.resource())) {
                continue;
            }
            List<String> lines = Files.readAllLines(Fixtures.resource(c.resource()));
            String[] h = lines.get(0).strip().split("\\s+");
            int iid = h[0].replace("#", "").equals("FID") ? 1 : 0;
            Map<String, String> values = new HashMap<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.strip().split("\\s+");
                for (int i = iid + 1; i < h.length; i++) {
                    values.put(f[iid] + "\t" + h[i], f[i]);
                }
                if (files.isEmpty()) {
                    order.add(f[iid]);
                    fid.put(f[iid], iid == 1 ? f[0] : f[iid]);
                }
            }
            files.put(c.resource(), values);
        }
        boolean withFid = columns.get(0).column() == null;
        StringBuilder b = new StringBuilder(withFid ? "FID\tIID" : "#IID");
        for (Column c : columns) {
            if (c.column() != null) {
                b.append('\t').append(c.as());
            }
        }
        b.append('\n');
        for (String id : order) {
            b.append(withFid ? fid.get(id) + "\t" + id : id);
            for (Column c : columns) {
                if (c.column() != null) {
                    String v = files.get(c.resource()).get(id + "\t" + c.column());
                    assertThat(v)
                            .as("%s: %s of %s", c.resource(), c.column(), id)
                            .isNotNull();
                    b.append('\t').append(v);
                }
            }
            b.append('\n');
        }
        Path out = tmp.resolve(name);
        Files.writeString(out, b.toString());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static List<String> names(Path dir, String contains) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(contains))
                    .sorted()
                    .toList();
        }
    }

    /** A PLINK 2 glm text file: header, and rows keyed chrom:pos:ref:alt. */
    record Glm(List<String> header, Map<String, String[]> rows) {
        static Glm read(Path p, UnaryOperator<String> alleles) throws IOException {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split("\t"));
            int test = header.indexOf("TEST");
            Map<String, String[]> rows = new LinkedHashMap<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split("\t", -1);
                if (!f[test].equals("ADD")) {
                    continue;
                }
                f[3] = alleles.apply(f[3]);
                f[4] = alleles.apply(f[4]);
                f[header.indexOf("A1")] = alleles.apply(f[header.indexOf("A1")]);
                String key = f[0] + ":" + f[1] + ":" + f[3] + ":" + f[4];
                assertThat(rows.put(key, f)).as("%s: duplicate %s", p, key).isNull();
            }
            return new Glm(header, rows);
        }

        String get(String[] row, String col) {
            int i = header.indexOf(col);
            return i < 0 ? null : row[i];
        }
    }

    /** Row-by-row comparison with an oracle; collects mismatches and the largest errors. */
    static final class Comparison {
        final String name;
        final List<String> mismatches = new ArrayList<>();
        final Map<String, Double> max = new LinkedHashMap<>();
        final Map<String, Integer> errcodes = new HashMap<>();
        int rows;
        int firthRows;
        int paddedRows;
        /** Tolerances (a fixture of a few hundred samples with rare variants needs wider ones for logistic SE). */
        double logisticSeTol = REL_TOL;

        double firthLnOrTol = FIRTH_LN_OR_TOL;
        double firthSeTol = FIRTH_SE_REL_TOL;

        Comparison(String name) {
            this.name = name;
        }

        void compare(Path ours, String oracleResource, int phenotypeSamples, UnaryOperator<String> alleles)
                throws IOException {
            Glm o = Glm.read(Fixtures.resource(oracleResource), alleles);
            Glm m = Glm.read(ours, UnaryOperator.identity());
            String file = ours.getFileName().toString();
            assertThat(m.header()).as("%s columns", file).isEqualTo(o.header());
            assertThat(m.rows().keySet())
                    .as("%s variants", file)
                    .containsExactlyElementsOf(o.rows().keySet());
            boolean logistic = o.header().contains("OR");
            String est = logistic ? "OR" : "BETA";
            String se = logistic ? "LOG(OR)_SE" : "SE";
            for (Map.Entry<String, String[]> e : o.rows().entrySet()) {
                String key = file + " " + e.getKey();
                String[] t = e.getValue();
                String[] u = m.rows().get(e.getKey());
                rows++;
                for (String col : List.of("A1", "OBS_CT", "ERRCODE", "FIRTH?")) {
                    if (o.get(t, col) != null && !o.get(t, col).equals(m.get(u, col))) {
                        mismatches.add(key + ": " + col + " " + m.get(u, col) + " vs plink " + o.get(t, col));
                    }
                }
                errcodes.merge(o.get(t, "ERRCODE"), 1, Integer::sum);
                if (o.get(t, est).equals("NA") || m.get(u, est).equals("NA")) {
                    for (String col : List.of(est, se, "P")) {
                        if (!o.get(t, col).equals(m.get(u, col))) {
                            mismatches.add(key + ": " + col + " " + m.get(u, col) + " vs plink " + o.get(t, col));
                        }
                    }
                    continue;
                }
                double oEst = Double.parseDouble(o.get(t, est));
                double mEst = Double.parseDouble(m.get(u, est));
                double oSe = Double.parseDouble(o.get(t, se));
                double mSe = Double.parseDouble(m.get(u, se));
                double dP = Math.abs(
                        Math.log10(Double.parseDouble(m.get(u, "P"))) - Math.log10(Double.parseDouble(o.get(t, "P"))));
                double dSe = Math.abs(mSe - oSe) / oSe;
                int obs = Integer.parseInt(o.get(t, "OBS_CT"));
                if ("Y".equals(o.get(t, "FIRTH?"))) {
                    firthRows++;
                    double dLnOr = Math.abs(Math.log(mEst) - Math.log(oEst));
                    check(key, "Firth |d ln OR|", dLnOr, firthLnOrTol);
                    check(key, "Firth SE", dSe, firthSeTol);
                    check(key, "Firth |d log10 P|", dP, LOG10_P_TOL);
                    continue;
                }
                check(key, est, Math.abs(mEst - oEst) / Math.abs(oEst), REL_TOL);
                if (logistic && obs < phenotypeSamples && obs % 4 != 0) {
                    paddedRows++;
                    check(key, "padded SE", dSe, PADDED_TOL);
                    check(key, "padded |d log10 P|", dP, PADDED_TOL);
                    if (!(oSe < mSe)) {
                        mismatches.add(key + ": padded row but plink's SE " + oSe + " is not below " + mSe);
                    }
                    continue;
                }
                check(key, se, dSe, logistic ? logisticSeTol : REL_TOL);
                check(key, "|d log10 P|", dP, LOG10_P_TOL);
            }
        }

        private void check(String key, String what, double err, double tol) {
            max.merge(what, err, Math::max);
            if (!(err <= tol)) {
                mismatches.add(String.format(Locale.ROOT, "%s: %s %.3g > %.3g", key, what, err, tol));
            }
        }

        void assertClean() {
            StringBuilder b = new StringBuilder(name + " vs plink2: " + rows + " ADD rows (" + firthRows + " Firth, "
                    + paddedRows + " padded); max errors:");
            max.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.3g;", k, v)));
            System.out.println(b);
            assertThat(mismatches).as(b.toString()).isEmpty();
        }
    }

    /**
     * The GWAS-SSF file against the glm file (columns, alleles, estimate, P, n), its metadata's md5, and the
     * summary's λGC against median(χ²) / median of χ²₁ computed here from the glm P values with Commons Math.
     */
    static void checkSsfAndSummary(Path dir, String pheno, String glmSuffix) throws Exception {
        Glm glm = Glm.read(dir.resolve(pheno + glmSuffix), UnaryOperator.identity());
        boolean logistic = glm.header().contains("OR");
        Path ssf = dir.resolve(pheno + ".tsv.gz");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(ssf)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        }
        List<String> header = List.of(lines.get(0).split("\t"));
        assertThat(header)
                .containsExactly(
                        "chromosome",
                        "base_pair_location",
                        "effect_allele",
                        "other_allele",
                        logistic ? "odds_ratio" : "beta",
                        "standard_error",
                        "effect_allele_frequency",
                        "p_value",
                        "variant_id",
                        "rsid",
                        "ci_upper",
                        "ci_lower",
                        "n");
        Map<String, String[]> byPosAllele = new HashMap<>();
        int expected = 0;
        for (String[] g : glm.rows().values()) {
            String a1 = glm.get(g, "A1");
            String other = a1.equals(g[4]) ? g[3] : g[4];
            byPosAllele.put(g[0] + ":" + g[1] + ":" + a1 + ":" + other, g);
            boolean acgt = a1.matches("[ACGT]+") && other.matches("[ACGT]+");
            expected += acgt && !glm.get(g, "P").equals("NA") ? 1 : 0;
        }
        assertThat(lines).as("%s rows", ssf).hasSize(expected + 1);
        String est = logistic ? "OR" : "BETA";
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            assertThat(f).hasSize(header.size());
            String[] g = byPosAllele.get(f[0] + ":" + f[1] + ":" + f[2] + ":" + f[3]);
            assertThat(g)
                    .as("SSF row %s has a glm row with A1 = effect_allele", l)
                    .isNotNull();
            assertThat(f[4]).as("estimate %s", l).isEqualTo(glm.get(g, est));
            assertThat(f[5]).as("SE %s", l).isEqualTo(glm.get(g, logistic ? "LOG(OR)_SE" : "SE"));
            assertThat(f[7]).as("p %s", l).isEqualTo(glm.get(g, "P"));
            assertThat(f[12]).as("n %s", l).isEqualTo(glm.get(g, "OBS_CT"));
            assertThat(Double.parseDouble(f[6])).isBetween(0.0, 1.0);
            assertThat(Double.parseDouble(f[10])).isGreaterThan(Double.parseDouble(f[11]));
        }
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(ssf));
        List<String> meta = Files.readAllLines(dir.resolve(pheno + ".tsv.gz-meta.yaml"));
        assertThat(meta).contains("data_file_md5sum: " + HexFormat.of().formatHex(md5));
        assertThat(meta).contains("data_file_name: " + pheno + ".tsv.gz");
        assertThat(meta).contains("file_type: GWAS-SSF v1.1");

        ChiSquaredDistribution chi2 = new ChiSquaredDistribution(1);
        double[] stats = glm.rows().values().stream()
                .map(g -> glm.get(g, "P"))
                .filter(p -> !p.equals("NA"))
                .mapToDouble(p -> chi2.inverseCumulativeProbability(1 - Double.parseDouble(p)))
                .sorted()
                .toArray();
        int k = stats.length;
        double median = k % 2 == 1 ? stats[k / 2] : (stats[k / 2 - 1] + stats[k / 2]) / 2;
        double lambda = median / chi2.inverseCumulativeProbability(0.5);
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode ph = s.get("phenotypes").get(pheno);
        assertThat(ph.get("lambda_gc").asDouble()).as("λGC of %s", pheno).isCloseTo(lambda, withinRel(lambda));
        assertThat(ph.get("variants_tested").asLong()).isEqualTo(glm.rows().size());
        assertThat(Arrays.asList(ph.get("files").toString().split("\""))).contains(pheno + glmSuffix);
    }

    private static org.assertj.core.data.Offset<Double> withinRel(double v) {
        return org.assertj.core.data.Offset.offset(1e-4 * Math.abs(v));
    }
}
