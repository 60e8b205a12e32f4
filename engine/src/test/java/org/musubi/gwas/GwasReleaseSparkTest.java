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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * GWAS summaries leaving a bank (SPECS §5.2: "apply the EAF floor, report n, and gate the case/control counts"):
 * {@code gwas} with a release policy against the same GWAS without one, on 120 AFR samples of the CINECA cohort of
 * which the policy withdraws 6. The reference run keeps exactly the 114 others, so every statistic must be equal
 * (withdrawn samples are out of everything); the GWAS-SSF EAF of a variant whose minor allele count 2·n·MAF is
 * below k is exactly the floor k/(2n) on its minor side (and equal otherwise); n is shown (114 ≥ k); in the
 * metadata the case or control count below k is replaced by a suppression comment, the other shown.
 */
class GwasReleaseSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    @Test
    void releasePolicyFloorsEafGatesCountsAndExcludesWithdrawnSamples() throws Exception {
        Path table = tmp.resolve("cineca.mvt");
        Ingests.ingest(spark(), Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"), table, false, 1);
        List<String> afr = Files.readAllLines(Fixtures.resource("data/freq/cineca.bankB_AFR.vcfnames.txt"));
        List<String> keep120 = afr.subList(0, 120);
        List<String> withdrawn = new ArrayList<>();
        for (int i = 0; i < 120; i += 20) {
            withdrawn.add(keep120.get(i));
        }
        List<String> keep114 = new ArrayList<>(keep120);
        keep114.removeAll(withdrawn);
        Path keepAll = Files.write(tmp.resolve("keep120.txt"), keep120);
        Path keepRest = Files.write(tmp.resolve("keep114.txt"), keep114);
        Path withdrawnFile = Files.write(tmp.resolve("withdrawn.txt"), withdrawn);
        String pheno =
                Fixtures.resource("data/pgsc_calc/gwas/glow_binary.fid.tsv").toString();
        String covar = Fixtures.resource("data/glow/gwas/covariates.tsv").toString();

        Path ref = tmp.resolve("reference");
        GwasPlan.run(spark(), request(table, pheno, covar, keepRest, ref, null));
        JsonNode refSummary =
                new ObjectMapper().readTree(ref.resolve("summary.json").toFile());
        int cases = refSummary.at("/phenotypes/Binary_Trait_1/cases").asInt();
        int controls = refSummary.at("/phenotypes/Binary_Trait_1/controls").asInt();
        assertThat(cases + controls).isEqualTo(114);
        assertThat(cases).isNotEqualTo(controls);
        // k between the two counts: the smaller is suppressed, the larger (and n = 114) shown
        int k = Math.max(cases, controls);
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "name: test\nk: " + k + "\nwithdrawn_samples: " + withdrawnFile + "\n");
        Path released = tmp.resolve("released");
        GwasPlan.run(spark(), request(table, pheno, covar, keepAll, released, policy.toString()));

        JsonNode s =
                new ObjectMapper().readTree(released.resolve("summary.json").toFile());
        assertThat(s.at("/withdrawn_samples_excluded").asInt()).isEqualTo(6);
        assertThat(s.at("/release").asText()).contains("k=" + k).contains("internal: not for release");
        assertThat(s.at("/phenotypes/Binary_Trait_1/samples").asInt()).isEqualTo(114);
        // every statistic equals the run without the withdrawn samples
        assertThat(Files.readAllLines(released.resolve("Binary_Trait_1.glm.logistic.hybrid")))
                .isEqualTo(Files.readAllLines(ref.resolve("Binary_Trait_1.glm.logistic.hybrid")));

        List<String[]> refSsf = ssf(ref.resolve("Binary_Trait_1.tsv.gz"));
        List<String[]> relSsf = ssf(released.resolve("Binary_Trait_1.tsv.gz"));
        assertThat(relSsf).hasSameSizeAs(refSsf);
        int floored = 0;
        for (int i = 1; i < refSsf.size(); i++) {
            String[] a = refSsf.get(i);
            String[] b = relSsf.get(i);
            for (int c : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11}) {
                assertThat(b[c]).as("column %d of line %d", c, i).isEqualTo(a[c]);
            }
            double n = Double.parseDouble(a[12]);
            assertThat(b[12]).isEqualTo(a[12]); // n >= k: shown
            double eaf = Double.parseDouble(a[6]);
            double floor = k / (2 * n);
            double released6 = Double.parseDouble(b[6]);
            if (2 * n * Math.min(eaf, 1 - eaf) < k) {
                floored++;
                // the floor on the minor side; 6 significant digits printed
                double want = eaf < 0.5 ? floor : 1 - floor;
                assertThat(released6)
                        .as("EAF of line %d", i)
                        .isCloseTo(want, org.assertj.core.api.Assertions.within(5e-6));
            } else {
                assertThat(b[6]).isEqualTo(a[6]);
            }
        }
        assertThat(floored).isGreaterThan(0);
        assertThat(s.at("/phenotypes/Binary_Trait_1/ssf_eaf_floored").asInt()).isEqualTo(floored);
        String yaml = Files.readString(released.resolve("Binary_Trait_1.tsv.gz-meta.yaml"));
        String small = cases < controls ? "case_count" : "control_count";
        String large = cases < controls ? "control_count" : "case_count";
        assertThat(yaml)
                .contains("# " + small + " suppressed by the release gate (0 < c < " + k + ")")
                .contains(large + ": " + k)
                .doesNotContain(small + ": ")
                .contains("sample_size: 114")
                .contains("minor_allele_freq_lower_limit: " + (k / 228.0))
                .contains("release gate k=" + k);
        String refYaml = Files.readString(ref.resolve("Binary_Trait_1.tsv.gz-meta.yaml"));
        assertThat(refYaml).contains("case_count: " + cases).contains("control_count: " + controls);
    }

    static GwasRequest request(Path table, String pheno, String covar, Path keep, Path out, String policy) {
        return GwasRequest.builder()
                .table(table.toString())
                .phenoFile(pheno)
                .phenoNames(List.of("Binary_Trait_1"))
                .covarFile(covar)
                .keep(keep.toString())
                .out(out.toString())
                .arguments(List.of("gwas", "test"))
                .releasePolicy(policy)
                .build();
    }

    static List<String[]> ssf(Path p) throws IOException {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            for (String l : r.lines().toList()) {
                rows.add(l.split("\t", -1));
            }
            return rows;
        }
    }
}
