package org.musubi.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.FreqPlan;
import org.musubi.freq.FreqRequest;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.prs.PrsEvaluation;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * Withdrawn means withdrawn (issue 13, step 0): every job that takes a release policy (freq, prs, gwas) on the
 * CINECA cohort with its samples named {@code FID_IID} ({@code HG00096_HG00096}, as the VCF names them) and with
 * plain IDs ({@code HG00096}), and a withdrawn list of 10 IIDs: no output counts a withdrawn sample (AN, samples,
 * evaluation n). A listed sample that matches no table sample is a user error naming it, unless the policy says
 * {@code missing_withdrawn: warn}; a listed FID that differs from the table's is named with the fix.
 */
class WithdrawnSamplesSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path fidIid;
    static Path plain;
    static List<String> iids;
    static int n;

    @BeforeAll
    static void tables() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        fidIid = tmp.resolve("fid_iid.mvt");
        Ingests.ingest(spark(), vcf, fidIid, false, 1);
        // the same calls with the samples renamed HG00096_HG00096 → HG00096
        Path plainVcf = tmp.resolve("plain.vcf.gz");
        iids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(new GZIPInputStream(Files.newInputStream(vcf)), StandardCharsets.UTF_8));
                OutputStream o = new BlockCompressedOutputStream(plainVcf.toFile())) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith("#CHROM")) {
                    String[] f = l.split("\t");
                    for (int i = 9; i < f.length; i++) {
                        f[i] = f[i].substring(f[i].indexOf('_') + 1);
                        iids.add(f[i]);
                    }
                    l = String.join("\t", f);
                }
                o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        plain = tmp.resolve("plain.mvt");
        Ingests.ingest(spark(), plainVcf, plain, false, 1);
        n = iids.size();
    }

    static Path policy(String name, String list, String extra) throws Exception {
        Path w = Files.writeString(tmp.resolve(name + ".withdrawn.txt"), list);
        return Files.writeString(
                tmp.resolve(name + ".yaml"), "name: " + name + "\nk: 1\nwithdrawn_samples: " + w + "\n" + extra);
    }

    static JsonNode summary(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    @Test
    void noJobCountsAWithdrawnSampleWhateverTheTableCallsIt() throws Exception {
        Path policy = policy("ten", String.join("\n", iids.subList(0, 10)) + "\n", "");
        for (Path table : List.of(fidIid, plain)) {
            String name = table.getFileName().toString();
            // freq: AN over every variant at most 2·(n − 10), and exactly that where every kept sample is called
            Path freq = tmp.resolve(name + ".freq");
            FreqPlan.run(
                    spark(),
                    new FreqRequest(table.toString(), List.of(), policy.toString(), freq.toString(), false, List.of()));
            assertThat(summary(freq).get("samples").asInt()).as(name).isEqualTo(n - 10);
            Row an = spark().read()
                    .parquet(freq.resolve(FreqPlan.PARQUET).toString())
                    .filter("stratum = 'all'")
                    .agg(functions.max("an"))
                    .first();
            assertThat(an.getLong(0)).as(name).isEqualTo(2L * (n - 10));

            // gwas: the withdrawn samples are out of the tested samples
            Path gwas = tmp.resolve(name + ".gwas");
            GwasPlan.run(
                    spark(),
                    GwasRequest.builder()
                            .table(table.toString())
                            .phenoFile(Fixtures.resource("data/pgsc_calc/gwas/glow_binary.fid.tsv")
                                    .toString())
                            .phenoNames(List.of("Binary_Trait_1"))
                            .out(gwas.toString())
                            .arguments(List.of("gwas", "test"))
                            .releasePolicy(policy.toString())
                            .build());
            JsonNode g = summary(gwas);
            assertThat(g.get("withdrawn_samples_excluded").asInt()).as(name).isEqualTo(10);
            assertThat(g.at("/phenotypes/Binary_Trait_1/samples").asInt())
                    .as(name)
                    .isEqualTo(n - 10);

            // prs: the summary's samples and the evaluation's n leave them out
            Path prs = tmp.resolve(name + ".prs");
            PrsPlan.run(
                    spark(),
                    PrsRequest.builder()
                            .table(table.toString())
                            .scoreFiles(List.of(Fixtures.resource("data/prs/PGS001229_22.txt")
                                    .toString()))
                            .minOverlap(0)
                            .out(prs.toString())
                            .arguments(List.of("prs", "test"))
                            .evaluation(new PrsRequest.Evaluation(
                                    Fixtures.resource("data/pgsc_calc/gwas/glow_binary.fid.tsv")
                                            .toString(),
                                    List.of("Binary_Trait_1"),
                                    null,
                                    List.of(),
                                    "-9",
                                    PrsEvaluation.Basis.ALL,
                                    0.1))
                            .releasePolicy(policy.toString())
                            .build());
            JsonNode p = summary(prs);
            assertThat(p.get("samples").asInt()).as(name).isEqualTo(n - 10);
            assertThat(Files.readString(prs.resolve("summary.json"))).contains("\"withdrawn_samples_excluded\" : 10");
            List<String> ev = Files.readAllLines(prs.resolve("evaluation.tsv"));
            int col = List.of(ev.get(0).split("\t")).indexOf("n");
            for (String l : ev.subList(1, ev.size())) {
                assertThat(Integer.parseInt(l.split("\t")[col]))
                        .as(name + ": " + l)
                        .isLessThanOrEqualTo(n - 10);
            }
        }
    }

    @Test
    void aListedSampleThatIsNoTableSampleIsAnErrorUnlessThePolicySaysWarn() throws Exception {
        Path strict = policy("strict", iids.get(0) + "\nNOPE1\n", "");
        FreqRequest req = new FreqRequest(
                fidIid.toString(),
                List.of(),
                strict.toString(),
                tmp.resolve("never").toString(),
                false,
                List.of());
        assertThatThrownBy(() -> FreqPlan.run(spark(), req))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("NOPE1")
                .hasMessageContaining("missing_withdrawn: warn");
        assertThat(tmp.resolve("never")).doesNotExist();

        // an FID other than the table's: named, with the table's name for it
        Path fam = policy("fam", "FAM1 " + iids.get(0) + "\n", "");
        FreqRequest famReq = new FreqRequest(
                fidIid.toString(),
                List.of(),
                fam.toString(),
                tmp.resolve("never").toString(),
                false,
                List.of());
        assertThatThrownBy(() -> FreqPlan.run(spark(), famReq))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("FAM1 " + iids.get(0))
                .hasMessageContaining(iids.get(0) + "_" + iids.get(0));

        Path warn = policy("warn", iids.get(0) + "\nNOPE1\n", "missing_withdrawn: warn\n");
        Path out = tmp.resolve("warned");
        FreqPlan.run(
                spark(),
                new FreqRequest(fidIid.toString(), List.of(), warn.toString(), out.toString(), false, List.of()));
        assertThat(summary(out).get("samples").asInt()).isEqualTo(n - 1);
    }
}
