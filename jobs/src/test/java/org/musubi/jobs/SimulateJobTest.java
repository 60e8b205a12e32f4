package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi simulate} from the command line: a small run writes every promised file; bad options are one-line
 * user errors (exit 1) naming the option, the value and what to give instead, before Spark starts.
 */
class SimulateJobTest {
    @TempDir
    static Path tmp;

    @Test
    void writesEveryFileForEachBank() throws Exception {
        Path out = tmp.resolve("sim");
        GwasJobTest.Run r = GwasJobTest.musubi(
                "simulate",
                "--banks",
                "2",
                "--samples",
                "60,40",
                "--variants",
                "300",
                "--causal",
                "2",
                "--format",
                "both",
                "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String f : new String[] {
            "_SUCCESS",
            "simulation.json",
            "truth/causal.tsv",
            "truth/SIM_PGS.txt.gz",
            "bankA/cohort.vcf.gz",
            "bankA/cohort.vcf.gz.tbi",
            "bankA/cohort.mvt/_SUCCESS",
            "bankA/samples.tsv",
            "bankA/pheno.tsv",
            "bankA/covar.tsv",
            "bankA/withdrawn.txt",
            "bankA/release.yaml",
            "bankB/cohort.mvt/_table.json"
        }) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        assertThat(Files.readAllLines(out.resolve("bankA/samples.tsv"))).hasSize(61);
        assertThat(Files.readAllLines(out.resolve("bankB/pheno.tsv"))).hasSize(41);
        assertThat(Files.readAllLines(out.resolve("truth/causal.tsv"))).hasSize(3);
        assertThat(Files.readString(out.resolve("bankB/release.yaml"))).contains("k: 5", "withdrawn_samples:");
        assertThat(Files.readString(out.resolve("simulation.json"))).contains("\"samplesPerBank\"");
    }

    @Test
    void badOptionsAreUserErrors() {
        String out = tmp.resolve("bad").toString();
        check(GwasJobTest.musubi("simulate", "--samples", "5", "--out", out), "--samples 5");
        check(GwasJobTest.musubi("simulate", "--banks", "3", "--samples", "10,20", "--out", out), "one per bank");
        check(GwasJobTest.musubi("simulate", "--format", "bed", "--out", out), "--format bed");
        check(GwasJobTest.musubi("simulate", "--contigs", "Y", "--out", out), "'Y'");
        check(GwasJobTest.musubi("simulate", "--h2", "1.5", "--out", out), "--h2 1.5");
        check(GwasJobTest.musubi("simulate", "--variants", "50", "--causal", "20", "--out", out), "--causal 20");
        check(GwasJobTest.musubi("simulate", "--variants", "20000000", "--contigs", "21", "--out", out), "do not fit");
        assertThat(Path.of(out)).doesNotExist();
    }

    private static void check(GwasJobTest.Run r, String expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ");
    }
}
