package org.musubi.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.simulate.model.CausalVariant;
import org.musubi.simulate.model.CohortModel;
import org.musubi.simulate.model.SimulationParams;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.Tools;

/**
 * The simulate plan end to end: the VCF it writes, ingested by the real ingest, gives the same table as the
 * direct-to-table writer; bcftools reads the VCF and tabix its index; the same seed gives the same bytes and
 * another seed other genotypes; GWAS on a simulated bank finds the large causal variants and nothing outside their
 * LD blocks.
 */
class SimulateSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path both;
    static SimulationParams small;

    @BeforeAll
    static void simulateSmall() throws IOException {
        small = new SimulationParams(new int[] {120, 80}, 400, 3, List.of("22", "X"), 3, 0.5, 0.2, 0.2, 0.01);
        both = tmp.resolve("both");
        SimulatePlan.run(spark(), new SimulateRequest(small, "both", both.toString(), false, List.of("test")));
    }

    @Test
    void ingestOfTheVcfEqualsTheDirectTable() throws IOException {
        for (String bank : List.of("bankA", "bankB")) {
            Path dir = both.resolve(bank);
            Path ingested = tmp.resolve(bank + "-ingested.mvt");
            IngestPlan.run(
                    spark(),
                    IngestRequest.builder()
                            .inputs(List.of(dir.resolve(SimulatePlan.VCF).toString()))
                            .out(ingested.toString())
                            .bank(bank)
                            .samplesManifest(dir.resolve(CohortFiles.SAMPLES).toString())
                            .options(new IngestOptions(false, 0, DosageField.NONE, List.of()))
                            .partitions(2)
                            .arguments(List.of("test"))
                            .build());
            String[] cols = {
                "contig",
                "pos",
                "ref",
                "alt",
                "id",
                "qual",
                "filters",
                "orig_alleles",
                "alt_index",
                "n_called",
                "ac",
                "an",
                "n_het",
                "n_hom_alt",
                "n_hemi_alt",
                "af",
                "calls",
                "ploidy",
                "phase",
                "dosage"
            };
            List<Row> direct = rows(dir.resolve(SimulatePlan.TABLE), cols);
            List<Row> viaVcf = rows(ingested, cols);
            assertThat(direct).hasSize(400);
            assertThat(viaVcf).hasSize(400);
            for (int i = 0; i < direct.size(); i++) {
                for (int c = 0; c < cols.length; c++) {
                    Object a = direct.get(i).get(c);
                    Object b = viaVcf.get(i).get(c);
                    if (a instanceof byte[] x) {
                        assertThat(x).as("%s row %d", cols[c], i).isEqualTo((byte[]) b);
                    } else {
                        assertThat(a).as("%s row %d", cols[c], i).isEqualTo(b);
                    }
                }
            }
            // haploid X calls in XY samples made it through
            assertThat(direct.stream().filter(r -> !r.isNullAt(17)).count()).isPositive();
            String[] sampleCols = {
                "sample_index", "sample_id", "sex", "sex_source", "sex_inferred", "population", "bank"
            };
            List<Row> s1 = samples(dir.resolve(SimulatePlan.TABLE), sampleCols);
            List<Row> s2 = samples(ingested, sampleCols);
            assertThat(s1).isEqualTo(s2);
            // x_het_f: the same sums, added in another order (per task vs per split): equal to rounding
            List<Row> f1 = samples(dir.resolve(SimulatePlan.TABLE), new String[] {"x_het_f"});
            List<Row> f2 = samples(ingested, new String[] {"x_het_f"});
            for (int i = 0; i < f1.size(); i++) {
                assertThat(f1.get(i).isNullAt(0)).isEqualTo(f2.get(i).isNullAt(0));
                if (f1.get(i).isNullAt(0)) {
                    continue;
                }
                assertThat(f1.get(i).getDouble(0))
                        .isCloseTo(f2.get(i).getDouble(0), org.assertj.core.data.Offset.offset(1e-12));
            }
            // the manifest's family columns are kept by both
            assertThat(samples(ingested, new String[] {"fid", "pat", "mat"}))
                    .isEqualTo(samples(dir.resolve(SimulatePlan.TABLE), new String[] {"fid", "pat", "mat"}));
        }
    }

    private static List<Row> rows(Path table, String[] cols) {
        Dataset<Row> d = spark().read().parquet(table.resolve("variants").toString());
        return d.selectExpr(cols).orderBy("contig", "pos").collectAsList();
    }

    private static List<Row> samples(Path table, String[] cols) {
        return spark().read()
                .parquet(table.resolve("samples.parquet").toString())
                .orderBy("sample_index")
                .selectExpr(cols)
                .collectAsList();
    }

    @Test
    void bcftoolsReadsTheVcfAndItsCounts() throws Exception {
        Assumptions.assumeTrue(Tools.available("bcftools") && Tools.available("tabix"), "bcftools/tabix not installed");
        Path vcf = both.resolve("bankA").resolve(SimulatePlan.VCF);
        // bcftools recomputes AC/AN from the genotypes (fill-tags): they must equal the INFO the simulator wrote,
        // and the .tbi must answer a region query.
        List<String> diff = Tools.sh("bcftools query -f '%CHROM\\t%POS\\t%INFO/AC\\t%INFO/AN\\n' " + vcf
                + " > " + tmp.resolve("a.txt") + " && bcftools +fill-tags " + vcf + " -- -t AC,AN"
                + " | bcftools query -f '%CHROM\\t%POS\\t%INFO/AC\\t%INFO/AN\\n' | diff - " + tmp.resolve("a.txt")
                + " && echo same");
        assertThat(diff).containsExactly("same");
        List<String> ploidy = Tools.sh("bcftools query -r X -f '[%GT\\n]' " + vcf + " | sort -u");
        assertThat(ploidy).contains("0", "1", "0/0", "0/1", ".", "./.");
        List<String> count = Tools.sh("bcftools view -H " + vcf + " | wc -l");
        assertThat(count.get(0).strip()).isEqualTo("400");
        List<String> region = Tools.sh("tabix " + vcf + " 22 | wc -l");
        assertThat(Integer.parseInt(region.get(0).strip())).isPositive();
    }

    @Test
    void bcftoolsFindsNoMendelErrorsInTheTrios() throws Exception {
        Assumptions.assumeTrue(Tools.available("bcftools"), "bcftools not installed");
        // bcftools +mendelian (GRCh38 rules: X outside the PARs is haploid in sons, fathers pass X to daughters)
        // counts genotypes inconsistent with the trio. Real trios: none. Negative control: the same children with
        // unrelated "parents" (samples without parents, in order): many.
        int trios = 0;
        long unrelatedErrors = 0;
        for (String bank : List.of("bankA", "bankB")) {
            Path dir = both.resolve(bank);
            List<String> real = new ArrayList<>();
            List<String> fake = new ArrayList<>();
            List<String> unrelated = new ArrayList<>();
            List<String> lines = Files.readAllLines(dir.resolve(CohortFiles.SAMPLES));
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split("\t");
                if (!f[5].equals("0") && !f[6].equals("0")) {
                    real.add(f[6] + "," + f[5] + "," + f[0]);
                } else if (f[5].equals("0") && f[0].equals(f[4])) {
                    unrelated.add(f[0]);
                }
            }
            for (int i = 0; i < real.size(); i++) {
                String child = real.get(i).split(",")[2];
                fake.add(unrelated.get(2 * i) + "," + unrelated.get(2 * i + 1) + "," + child);
            }
            trios += real.size();
            Path realFile = tmp.resolve(bank + "-trios.txt");
            Path fakeFile = tmp.resolve(bank + "-fake.txt");
            Files.write(realFile, real);
            Files.write(fakeFile, fake);
            String vcf = dir.resolve(SimulatePlan.VCF).toString();
            if (!real.isEmpty()) {
                for (String row : Tools.sh("bcftools +mendelian -r GRCh38 -m c -T " + realFile + " " + vcf)) {
                    if (!row.startsWith("#")) {
                        assertThat(row.split("\t")[1]).as(row).isEqualTo("0");
                    }
                }
                for (String row : Tools.sh("bcftools +mendelian -r GRCh38 -m c -T " + fakeFile + " " + vcf)) {
                    if (!row.startsWith("#")) {
                        unrelatedErrors += Long.parseLong(row.split("\t")[1]);
                    }
                }
            }
        }
        assertThat(trios).isPositive();
        assertThat(unrelatedErrors).isGreaterThan(10L * trios);
    }

    @Test
    void plink2HudsonFstMatchesTheBaldingNicholsDrift() throws Exception {
        Assumptions.assumeTrue(Tools.available("plink2"), "plink2 not installed");
        // Bank D mixes all three populations (60/20/20). Under Balding–Nichols, populations drifted independently by
        // F_i and F_j from one ancestral p have E[(p_i − p_j)²] = (F_i + F_j) p (1 − p) and E[p_i (1 − p_j) +
        // p_j (1 − p_i)] = 2 p (1 − p), so Hudson's F_ST (ratio of averages) is (F_i + F_j) / 2: 0.03, 0.05, 0.06.
        // plink2 --fst method=hudson is the independent estimator. Seen with this seed: 0.0303, 0.0447, 0.0563, with
        // block-jackknife SEs (120 blocks of 25 variants) of 0.0014, 0.0019, 0.0023. Tolerance ±0.012 ≈ 5 SE: it
        // also covers the model's small pull towards 0 (founder frequencies rounded to 1/32, mutation flips at
        // 0.002), while a model without drift (0) or with the populations swapped (order) fails.
        SimulationParams p = new SimulationParams(
                new int[] {10, 10, 10, 1500}, 3000, 23, List.of("21", "22"), 1, 0.1, 0.2, 0.0, 0.0);
        Path out = tmp.resolve("fst");
        SimulatePlan.run(spark(), new SimulateRequest(p, "vcf", out.toString(), false, List.of("test")));
        Path dir = out.resolve("bankD");
        List<String> psam = new ArrayList<>(List.of("#IID\tSEX\tPOP"));
        List<String> lines = Files.readAllLines(dir.resolve(CohortFiles.SAMPLES));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            psam.add(f[0] + "\t" + (f[1].equals("XY") ? 1 : 2) + "\t" + f[2]);
        }
        Files.write(tmp.resolve("fst.psam"), psam);
        Path prefix = tmp.resolve("fst-out");
        Tools.sh("plink2 --vcf " + dir.resolve(SimulatePlan.VCF) + " --psam " + tmp.resolve("fst.psam")
                + " --fst POP method=hudson --threads 1 --out " + prefix);
        Map<String, Double> fst = new HashMap<>();
        for (String l : Files.readAllLines(Path.of(prefix + ".fst.summary"))) {
            if (!l.startsWith("#")) {
                String[] f = l.split("\t");
                fst.put(f[0] + "-" + f[1], Double.parseDouble(f[2]));
            }
        }
        assertThat(fst.get("popA-popB")).isCloseTo(0.03, org.assertj.core.data.Offset.offset(0.012));
        assertThat(fst.get("popA-popC")).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.012));
        assertThat(fst.get("popB-popC")).isCloseTo(0.06, org.assertj.core.data.Offset.offset(0.012));
        assertThat(fst.get("popA-popB")).isLessThan(fst.get("popA-popC"));
        assertThat(fst.get("popA-popC")).isLessThan(fst.get("popB-popC"));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherGenotypes() throws IOException {
        Path again = tmp.resolve("again");
        SimulatePlan.run(spark(), new SimulateRequest(small, "both", again.toString(), false, List.of("test")));
        for (String f : List.of(
                "bankA/cohort.vcf.gz",
                "bankB/cohort.vcf.gz",
                "bankA/pheno.tsv",
                "bankB/covar.tsv",
                "bankA/samples.tsv",
                "truth/causal.tsv",
                "truth/SIM_PGS.txt.gz")) {
            assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(both.resolve(f)));
        }
        // the table's Parquet files too (same chunks, same rows, no timestamps inside)
        try (var files = Files.walk(both.resolve("bankB/cohort.mvt/variants"))) {
            List<Path> parts =
                    files.filter(x -> x.toString().endsWith(".parquet")).toList();
            assertThat(parts).isNotEmpty();
            for (Path x : parts) {
                Path y = again.resolve("bankB/cohort.mvt/variants")
                        .resolve(both.resolve("bankB/cohort.mvt/variants").relativize(x));
                assertThat(Files.readAllBytes(y)).as(x.toString()).isEqualTo(Files.readAllBytes(x));
            }
        }
        SimulationParams other =
                new SimulationParams(new int[] {120, 80}, 400, 4, List.of("22", "X"), 3, 0.5, 0.2, 0.2, 0.01);
        Path otherDir = tmp.resolve("other");
        SimulatePlan.run(spark(), new SimulateRequest(other, "vcf", otherDir.toString(), false, List.of("test")));
        assertThat(Files.readAllBytes(otherDir.resolve("bankA/cohort.vcf.gz")))
                .isNotEqualTo(Files.readAllBytes(both.resolve("bankA/cohort.vcf.gz")));
        // an existing output is refused without overwrite, and nothing is left half-written
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatePlan.run(
                        spark(), new SimulateRequest(small, "vcf", again.toString(), false, List.of("test"))))
                .isInstanceOf(org.musubi.error.MusubiUserException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void gwasFindsTheLargeCausalVariantsAndNothingElse() throws IOException {
        // One bank of 2000 samples, 5 causal variants sharing h² = 0.5: each explains 2–25% of the variance, so its
        // expected χ² is about n · share / (1 − share) ≥ 40, P < 1e-9 (well under 5e-8) for shares ≥ 0.03. Variants
        // outside the causal LD blocks are unlinked to them (blocks are independent), so a genome-wide hit elsewhere
        // would be a false positive (expected count 1500 × 5e-8 ≈ 1e-4).
        SimulationParams p =
                new SimulationParams(new int[] {2000}, 1500, 17, List.of("21", "22"), 5, 0.5, 0.2, 0.0, 0.0);
        Path out = tmp.resolve("gwas-sim");
        SimulatePlan.run(spark(), new SimulateRequest(p, "table", out.toString(), false, List.of("test")));
        Path bank = out.resolve("bankA");
        Path gwas = tmp.resolve("gwas-out");
        GwasPlan.run(
                spark(),
                GwasRequest.builder()
                        .table(bank.resolve(SimulatePlan.TABLE).toString())
                        .phenoFile(bank.resolve(CohortFiles.PHENO).toString())
                        .phenoNames(List.of("qt"))
                        .covarFile(bank.resolve(CohortFiles.COVAR).toString())
                        .covarNames(List.of("age", "sex", "PC1", "PC2"))
                        .maf(0.01)
                        .out(gwas.toString())
                        .arguments(List.of("test"))
                        .build());
        Map<String, double[]> byId = new HashMap<>(); // ID → BETA, SE, P (A1 = ALT or REF)
        Map<String, String> a1 = new HashMap<>();
        List<String> lines = Files.readAllLines(gwas.resolve("qt.glm.linear"));
        List<String> header = List.of(lines.get(0).substring(1).split("\t"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            String p1 = f[header.indexOf("P")];
            if (p1.equals("NA")) {
                continue;
            }
            byId.put(f[header.indexOf("ID")], new double[] {
                Double.parseDouble(f[header.indexOf("BETA")]),
                Double.parseDouble(f[header.indexOf("SE")]),
                Double.parseDouble(p1)
            });
            a1.put(f[header.indexOf("ID")], f[header.indexOf("A1")]);
        }
        CohortModel model = new CohortModel(p);
        List<Integer> causalBlocks = new ArrayList<>();
        int large = 0;
        for (CausalVariant c : model.causal()) {
            causalBlocks.add(c.block());
            double[] r = byId.get(c.id());
            assertThat(r).as(c.id()).isNotNull();
            if (c.varianceExplained() >= 0.03) {
                large++;
                assertThat(r[2]).as("P of %s", c.id()).isLessThan(5e-8);
            }
            // the estimate is the true effect within 4 SE (sign by A1)
            double beta = a1.get(c.id()).equals(c.alt()) ? r[0] : -r[0];
            assertThat(Math.abs(beta - c.beta())).as("BETA of %s", c.id()).isLessThan(4 * r[1]);
        }
        assertThat(large).isPositive();
        for (Map.Entry<String, double[]> e : byId.entrySet()) {
            if (e.getValue()[2] < 5e-8) {
                String[] id = e.getKey().split(":");
                int pos = Integer.parseInt(id[1]);
                boolean inCausalBlock = false;
                for (CausalVariant c : model.causal()) {
                    inCausalBlock |= c.contig().equals(id[0]) && Math.abs(c.pos() - pos) < 100_000;
                }
                assertThat(inCausalBlock)
                        .as("genome-wide hit %s outside the causal blocks", e.getKey())
                        .isTrue();
            }
        }
    }
}
