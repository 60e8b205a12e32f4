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
 * step's output is complete, and the closing message names them, the report first. {@code musubi report} over the
 * demo's release-gated outputs makes a releasable page; over a directory without outputs it is a user error. A
 * second demo run without --overwrite is refused.
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
        // the report is the last step, and the closing message names it first
        Path report = out.resolve("report.html");
        assertThat(report).exists();
        String html = Files.readString(report);
        assertThat(html).contains("gwas: demo/gwas/bankA", "prs: demo/prs/bankC", "freq-merge: demo/panel");
        assertThat(html).contains("meta: demo/meta/qt", "variant table: demo/tables/bankB.mvt");
        assertThat(text).contains("Start with the report, one page over everything: " + report);
        assertThat(text.indexOf(report.toString())).isLessThan(text.indexOf("Where to look"));

        // the report job: only the banks' freq outputs and the panel (all release-gated) make a releasable page
        Path shared = tmp.resolve("panel-report.html");
        GwasJobTest.Run r = GwasJobTest.musubi(
                "report",
                "--inputs",
                out.resolve("freq") + "," + out.resolve("panel"),
                "--title",
                "Panel",
                "--out",
                shared.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(shared)).contains("<h1>Panel</h1>", "Release: releasable.");
        // a directory that holds no output is a one-line user error naming it
        r = GwasJobTest.musubi(
                "report",
                "--inputs",
                out.resolve("sim").toString(),
                "--out",
                tmp.resolve("x.html").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(out.resolve("sim") + " is not a Musubi output");

        int again = Musubi.execute("demo", "--out", out.toString(), "--master", "local[1]", "--log-level", "WARN");
        assertThat(again).isEqualTo(1);
    }
}
