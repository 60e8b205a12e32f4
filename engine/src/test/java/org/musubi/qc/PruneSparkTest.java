package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * {@code qc --steps prune} against plink2 2.00a3.5 {@code --indep-pairwise} (count and kb windows, missing calls,
 * founders, {@code --maf}, {@code --exclude range}) on the real cohorts and the simulated one with families (oracles
 * and commands: {@code data/qc/README.md}); the same lists with 1, 2 and 8 tasks; bad input.
 */
@Tag("slow")
class PruneSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path cineca;
    static Path wex;
    static Path regenie;
    static Path sim;

    @BeforeAll
    static void tables() throws Exception {
        cineca = ingest("data/pgsc_calc/cineca_synthetic_subset.vcf.gz", "cineca.mvt", null);
        wex = ingest("data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz", "wex.mvt", null);
        regenie = ingest("data/regenie/gwas/regenie_example_fromplink.AC.vcf.gz", "regenie.mvt", null);
        sim = ingest(
                "data/qc/sim_families.vcf.gz",
                "sim.mvt",
                Fixtures.resource("data/qc/sim_families.samples.tsv").toString());
    }

    static Path ingest(String vcf, String name, String manifest) throws IOException {
        return QcSparkTest.ingest(tmp, vcf, name, manifest);
    }

    static Path prune(Path table, String out, PruneSettings s, int partitions) throws IOException {
        QcPlan.run(
                spark(),
                QcRequest.builder()
                        .table(table.toString())
                        .steps(EnumSet.of(QcStep.PRUNE))
                        .prune(s)
                        .partitions(partitions)
                        .out(tmp.resolve(out).toString())
                        .arguments(List.of("qc", "test"))
                        .build());
        return tmp.resolve(out);
    }

    /** plink2's window/step/r² with no MAF filter and no ranges, as the oracles ran. */
    static PruneSettings plain(String window, int step, double r2) {
        return PruneSettings.of(window, step, r2, 0, false, null);
    }

    static void assertMatches(Path out, String oracle) throws IOException {
        for (String ext : List.of("in", "out")) {
            assertThat(Files.readAllLines(out.resolve("prune." + ext)))
                    .as(oracle + ".prune." + ext)
                    .isEqualTo(Files.readAllLines(Fixtures.resource("data/qc/" + oracle + ".prune." + ext)));
        }
    }

    @Test
    void cinecaMatchesPlink2() throws IOException {
        assertMatches(prune(cineca, "cineca.w50", plain("50", 5, 0.2), 0), "cineca.w50");
        String ranges = Fixtures.resource("data/qc/prune.ranges.txt").toString();
        Path kb = prune(cineca, "cineca.kb", PruneSettings.of("1000kb", 1, 0.1, 0.01, true, ranges), 0);
        assertMatches(kb, "cineca.kb");
        JsonNode s =
                new ObjectMapper().readTree(kb.resolve("summary.json").toFile()).get("prune");
        assertThat(s.get("kept").asInt()).isEqualTo(483);
        assertThat(s.get("removed").asInt()).isEqualTo(238);
        assertThat(Files.readAllLines(kb.resolve("keep.variants.pruned.txt"))).hasSize(483);
    }

    /** For a table whose IDs plink2 replaced by {@code @:#:$r:$a}: the kept keys, and as many removed. */
    static void assertMatchesByKey(Path out, String oracle) throws IOException {
        assertThat(Files.readAllLines(out.resolve("keep.variants.pruned.txt")))
                .as(oracle + ".prune.in")
                .isEqualTo(Files.readAllLines(Fixtures.resource("data/qc/" + oracle + ".prune.in")));
        assertThat(Files.readAllLines(out.resolve("prune.out")))
                .as(oracle + ".prune.out")
                .hasSameSizeAs(Files.readAllLines(Fixtures.resource("data/qc/" + oracle + ".prune.out")));
    }

    @Test
    void exomeWithMissingCallsMatchesPlink2() throws IOException {
        assertMatchesByKey(prune(wex, "wex.w50", plain("50", 5, 0.2), 0), "wex.w50");
        assertMatchesByKey(prune(wex, "wex.kb", plain("200kb", 1, 0.05), 0), "wex.kb");
    }

    @Test
    void regenieMatchesPlink2() throws IOException {
        assertMatches(prune(regenie, "regenie.w50", plain("50", 5, 0.02), 0), "regenie.w50");
        assertMatches(prune(regenie, "regenie.kb", plain("0.05kb", 1, 0.02), 0), "regenie.kb");
    }

    @Test
    void simulatedFamiliesMatchPlink2WithFoundersOnlyAndAnyTaskCount() throws IOException {
        assertMatches(prune(sim, "sim.w50", plain("50", 5, 0.1), 0), "sim_families.w50");
        String in = null;
        String keep = null;
        for (int tasks : new int[] {1, 2, 8}) {
            Path out = prune(sim, "sim.kb." + tasks, plain("500kb", 1, 0.1), tasks);
            assertMatches(out, "sim_families.kb");
            String i = Files.readString(out.resolve("prune.in"));
            String k = Files.readString(out.resolve("keep.variants.pruned.txt"));
            assertThat(in == null ? i : in).as(tasks + " tasks").isEqualTo(i);
            assertThat(keep == null ? k : keep).as(tasks + " tasks").isEqualTo(k);
            in = i;
            keep = k;
        }
    }

    @Test
    void nothingLeftToPruneIsOneLine() throws IOException {
        Path all = tmp.resolve("all22.txt");
        Files.writeString(all, "22 1 250000000 all\n");
        assertThatThrownBy(() -> prune(cineca, "none", PruneSettings.of("50", 5, 0.2, 0, true, all.toString()), 0))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("none of the 829 autosomal variants is left to prune");
    }
}
