package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi demo} at a tiny size (3 banks × 150 samples × 600 variants): every step runs in one session, every
 * step's output is complete, and the closing message names them. A second run without --overwrite is refused.
 */
class DemoJobTest {
    @TempDir
    static Path tmp;

    @Test
    void tinyDemoRunsEveryStepAndSaysWhereToLook() throws Exception {
        Path out = tmp.resolve("demo");
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            exit = Musubi.execute(
                    "demo",
                    "--out",
                    out.toString(),
                    "--samples",
                    "150",
                    "--variants",
                    "600",
                    "--master",
                    "local[2]",
                    "--log-level",
                    "WARN");
        } finally {
            System.setOut(saved);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        saved.print(text);
        assertThat(exit).isZero();
        for (String bank : List.of("bankA", "bankB", "bankC")) {
            assertThat(out.resolve("sim/" + bank + "/cohort.vcf.gz")).exists();
            assertThat(out.resolve("sim/" + bank + "/cohort.vcf.gz.tbi")).exists();
            assertThat(out.resolve("tables/" + bank + ".mvt/_SUCCESS")).exists();
            assertThat(out.resolve("gwas/" + bank + "/_SUCCESS")).exists();
            assertThat(out.resolve("gwas/" + bank + "/qt.glm.linear")).exists();
            assertThat(out.resolve("gwas/" + bank + "/cc.glm.logistic.hybrid")).exists();
            assertThat(out.resolve("prs/" + bank + "/_SUCCESS")).exists();
            assertThat(out.resolve("freq/" + bank + "/_SUCCESS")).exists();
            assertThat(out.resolve("prs/" + bank + "/evaluation.tsv")).exists();
            assertThat(out.resolve("prs/" + bank + "/prs_report.html")).exists();
            assertThat(text).contains(out.resolve("gwas/" + bank).toString());
        }
        assertThat(out.resolve("sim/_SUCCESS")).exists();
        assertThat(Files.readString(out.resolve("freq/bankA/summary.json"))).contains("bankA-simulated-policy");
        assertThat(out.resolve("panel/_SUCCESS")).exists();
        assertThat(out.resolve("panel/frequencies.sites.vcf.gz.tbi")).exists();
        for (String pheno : List.of("qt", "cc")) {
            assertThat(out.resolve("meta/" + pheno + "/_SUCCESS")).exists();
            assertThat(out.resolve("meta/" + pheno + "/meta.tbl")).exists();
        }
        // the panel merged all three banks' outputs
        assertThat(Files.readString(out.resolve("panel/summary.json"))).contains("bankA", "bankB", "bankC");
        assertThat(text).contains("Where to look", "simulate", "ingest", "gwas", "prs", "freq", "freq-merge", "meta");

        int again = Musubi.execute("demo", "--out", out.toString(), "--master", "local[1]", "--log-level", "WARN");
        assertThat(again).isEqualTo(1);
    }
}
