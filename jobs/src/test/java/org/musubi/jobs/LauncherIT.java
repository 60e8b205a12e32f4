package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/musubi as a user runs it: the README's quick start, help, exit codes and one-line errors. */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run musubi(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/musubi").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("MUSUBI_CDS", "0");
        Path out = Files.createTempFile("musubi-out", ".txt");
        Path err = Files.createTempFile("musubi-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/musubi " + String.join(" ", args) + " timed out");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    @Test
    void quickStartFromTheReadmeRuns() throws Exception {
        Path table = tmp.resolve("cineca.mvt");
        Run ingest = musubi(
                "ingest",
                "--input",
                "examples/data/cineca_chr22.vcf.gz",
                "--samples",
                "examples/data/cineca_samples.tsv",
                "--bank",
                "demo",
                "--genome-build",
                "GRCh37",
                "--output",
                table.toString(),
                "--overwrite");
        assertThat(ingest.exit()).as(ingest.err()).isZero();
        assertThat(ingest.err()).contains("ingest: wrote").contains("829 variants");
        Run inspect = musubi("inspect", "--table", table.toString());
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out())
                .contains("samples        2504 (sex from manifest)")
                .contains("bank           demo");
        Run export = musubi(
                "export",
                "--table",
                table.toString(),
                "--output",
                tmp.resolve("x.vcf.gz").toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(tmp.resolve("x.vcf.gz.tbi")).exists();
    }

    @Test
    void readmeDemoRunsAndSaysWhereToLook() throws Exception {
        // The README's main command (bin/musubi demo --out demo/), at a smaller size so the suite stays quick.
        Path out = tmp.resolve("demo");
        Run demo = musubi("demo", "--out", out.toString(), "--samples", "200", "--variants", "800");
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("Where to look")
                .contains(out.resolve("gwas").toString());
        assertThat(out.resolve("freq/bankC/frequencies.sites.vcf.gz")).exists();
        assertThat(out.resolve("prs/bankB/SIM_PGS.sscore")).exists();
        assertThat(out.resolve("panel/frequencies.sites.vcf.gz")).exists();
        assertThat(out.resolve("meta/qt/meta.tbl")).exists();
        assertThat(out.resolve("report.html")).exists();
        assertThat(demo.out())
                .contains("Start with the report, one page over everything: " + out.resolve("report.html"));

        // The analyst notebook runs headless against the demo's outputs (every cell, to its last line).
        ProcessBuilder pb = new ProcessBuilder(
                        ROOT.resolve("notebooks/run.sh").toString(), "notebooks/demo_walkthrough.jsh", out.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        Path log = tmp.resolve("notebook.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("notebooks/run.sh timed out");
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text)
                .as(text)
                .contains("NOTEBOOK OK", "auc_covariates_pgs", "MarkerName", "popA_XX")
                .doesNotContain("NOTEBOOK FAILED")
                .doesNotContain("|  Error:")
                .doesNotContain("Exception");
    }

    @Test
    void helpListsJobsAndEachJobHasAnExample() throws Exception {
        Run help = musubi("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("ingest").contains("export").contains("inspect");
        for (String job : List.of("ingest", "export", "inspect", "simulate", "demo")) {
            Run h = musubi(job, "--help");
            assertThat(h.exit()).isZero();
            assertThat(h.out()).contains("Example:").contains("musubi " + job);
        }
    }

    @Test
    void userErrorsAreOneLineAndExitOne() throws Exception {
        Run missing = musubi(
                "ingest",
                "--input",
                "no/such/file.vcf.gz",
                "--output",
                tmp.resolve("t").toString());
        assertThat(missing.exit()).isEqualTo(1);
        List<String> lines =
                missing.err().lines().filter(l -> l.contains("error")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("no/such/file.vcf.gz").contains("does not exist");
        assertThat(missing.err()).doesNotContain("\tat org.");

        Run badOption = musubi("ingest", "--stringency", "sloppy", "--input", "x", "--output", "y");
        assertThat(badOption.exit()).isEqualTo(1);
        assertThat(badOption.err()).contains("--stringency sloppy").doesNotContain("\tat ");

        Run notATable = musubi("inspect", "--table", tmp.toString());
        assertThat(notATable.exit()).isEqualTo(1);
        assertThat(notATable.err()).contains("not a complete Musubi table");

        Run debug = musubi("inspect", "--table", tmp.toString(), "--debug");
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void clusterMastersPrintTheSparkSubmitLine() throws Exception {
        Run r = musubi("inspect", "--table", "t.mvt", "--master", "yarn", "--dry-run");
        assertThat(r.exit()).isZero();
        // spark-submit when a Spark client is installed, else Spark's SparkSubmit from the Maven-resolved jars.
        assertThat(r.out()).containsAnyOf("spark-submit ", "org.apache.spark.deploy.SparkSubmit ");
        assertThat(r.out())
                .contains("--master yarn")
                .contains("--class org.musubi.jobs.Musubi")
                .contains("musubi-jobs.jar");
    }
}
