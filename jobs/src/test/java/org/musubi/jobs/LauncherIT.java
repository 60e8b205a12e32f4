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
        return run(ROOT, cmd.toArray(String[]::new));
    }

    /**
     * The README's real-data quick start, its commands run as written (every line of its fenced blocks between "On
     * real data" and "## Jobs": ingest + inspect, gwas, prs, report) in a directory that sees the repository's bin/,
     * conf/, jobs/ and examples/; then a newcomer's next commands on the table it made (issue 18 items 7-9, 11, 14,
     * 16).
     */
    @Test
    void realDataQuickStartFromTheReadmeRunsAsWritten() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("On real data"), readme.indexOf("## Jobs"));
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && !line.isBlank()) {
                commands.add(line);
            }
        }
        assertThat(commands).hasSize(4);
        Path work = tmp.resolve("newcomer");
        Files.createDirectories(work);
        for (String d : List.of("bin", "conf", "jobs", "examples")) {
            Files.createSymbolicLink(work.resolve(d), ROOT.resolve(d));
        }
        List<Run> runs = new ArrayList<>();
        for (String c : commands) {
            Run r = run(work, "bash", "-c", c);
            assertThat(r.exit()).as(c + "\n" + r.err()).isZero();
            runs.add(r);
        }
        Run ingest = runs.get(0);
        assertThat(ingest.err()).contains("ingest: wrote").contains("829 variants");
        assertThat(ingest.out()).startsWith("table ");
        assertThat(ingest.out())
                .contains("samples        2504 (sex from manifest)")
                .contains("bank           demo");
        assertThat(NewcomerIT.last(ingest.out())).matches("22 +829 +\\d+");
        // item 9: each job's last line names its output; item 8: no warning a newcomer would take for trouble
        String[] outputs = {"gwas: output in out/cineca.gwas", "prs: output in out/cineca.prs", "out/cineca.html"};
        for (int i = 1; i < 4; i++) {
            // the whole stderr in the message: a failure here once showed only a trace's last line ("... 11 more")
            assertThat(NewcomerIT.last(runs.get(i).err()))
                    .as(commands.get(i) + "\n" + runs.get(i).err())
                    .endsWith(outputs[i - 1]);
            assertThat(runs.get(i).err()).as(commands.get(i)).doesNotContain(" WARN ");
        }
        Path out = work.resolve("out");
        assertThat(runs.get(1).err()).doesNotContain("chrY").doesNotContain("chrX");
        var chrY = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("cineca.gwas/summary.json").toFile())
                .at("/phenotypes/Binary_Trait_1/chrY");
        assertThat(chrY.toString()).isEqualTo("{\"tested\":false,\"reason\":\"the table has no variants on it\"}");
        assertThat(out.resolve("cineca.prs/evaluation.tsv")).exists();
        assertThat(Files.readString(out.resolve("cineca.html")))
                .contains("PGS001229")
                .contains("Binary_Trait_1");

        String table = out.resolve("cineca.mvt").toString();
        Run export = musubi(
                "export", "--table", table, "--output", tmp.resolve("x.vcf.gz").toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(tmp.resolve("x.vcf.gz.tbi")).exists();

        // item 11: an all-missing phenotype is skipped with a warning; the others are tested (--partitions 0: auto)
        List<String> pheno = new ArrayList<>();
        for (String l : Files.readAllLines(ROOT.resolve("examples/data/cineca_pheno.tsv"))) {
            String[] f = l.split("\t");
            pheno.add(f[0] + "\t" + f[1] + "\t" + (pheno.isEmpty() ? "never_measured\t" : "NA\t") + f[2]);
        }
        Path ph = Files.write(tmp.resolve("pheno.tsv"), pheno);
        Run gwas = musubi(
                "gwas",
                "--table",
                table,
                "--pheno",
                ph.toString(),
                "--out",
                tmp.resolve("g").toString(),
                "--partitions",
                "0");
        assertThat(gwas.exit()).as(gwas.err()).isZero();
        assertThat(gwas.err())
                .contains("WARN")
                .contains("phenotype never_measured: every value is missing for the table's samples in " + ph)
                .contains("Continuous_Trait_1: 829 variants");
        assertThat(NewcomerIT.last(gwas.err())).endsWith("gwas: output in " + tmp.resolve("g"));

        // item 14: a GRCh38 score on this GRCh37 table is refused before matching, saying which is which
        Path score = Files.writeString(
                tmp.resolve("grch38.txt"),
                "#pgs_id=PGS_TEST\n#genome_build=GRCh38\nchr_name\tchr_position\teffect_allele\tother_allele"
                        + "\teffect_weight\n22\t16594779\tG\tA\t0.1\n22\t16820445\tT\tC\t0.2\n");
        Run prs = musubi(
                "prs",
                "--table",
                table,
                "--score",
                score.toString(),
                "--out",
                tmp.resolve("p").toString());
        assertThat(prs.exit()).isEqualTo(1);
        assertThat(NewcomerIT.last(prs.err()))
                .startsWith("musubi prs: error: --score " + score + ": its positions are GRCh38 (#genome_build=GRCh38)")
                .contains("is GRCh37 (recorded at ingest)")
                .endsWith("_hmPOS_GRCh37.txt.gz)");
    }

    static Run run(Path dir, String... cmd) throws IOException, InterruptedException {
        return run(dir, java.util.Map.of(), cmd);
    }

    static Run run(Path dir, java.util.Map<String, String> env, String... cmd)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("MUSUBI_CDS", "0");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("musubi-out", ".txt");
        Path err = Files.createTempFile("musubi-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        // 600 s: the demo on a loaded shared 2-core machine has taken over 300 s
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    /**
     * {@code bin/musubi server start}: the next jobs started in the same directory run in the server (status counts
     * them), a job with its own --master runs in its own JVM, and stop ends it.
     */
    @Test
    void serverStartRunsTheNextJobsThenStops() throws Exception {
        java.util.Map<String, String> env =
                java.util.Map.of("MUSUBI_RUN_DIR", tmp.resolve("run").toString());
        String bin = ROOT.resolve("bin/musubi").toString();
        Run start = run(ROOT, env, bin, "server", "start", "--master", "local[2]", "--idle-minutes", "5");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("musubi server: ready");
        try {
            Path sim = tmp.resolve("sim");
            Run simulate = run(
                    ROOT,
                    env,
                    bin,
                    "simulate",
                    "--banks",
                    "1",
                    "--samples",
                    "60",
                    "--variants",
                    "300",
                    "--causal",
                    "2",
                    "--format",
                    "table",
                    "--out",
                    sim.toString());
            assertThat(simulate.exit()).as(simulate.err()).isZero();
            Run bad = run(
                    ROOT,
                    env,
                    bin,
                    "freq",
                    "--table",
                    tmp.resolve("nope").toString(),
                    "--out",
                    tmp.resolve("f0").toString());
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err().strip().lines()).singleElement().asString().startsWith("musubi freq: error:");
            Run status = run(ROOT, env, bin, "server", "status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("2 job(s) run");
            Run own = run(
                    ROOT,
                    env,
                    bin,
                    "freq",
                    "--table",
                    sim.resolve("bankA/cohort.mvt").toString(),
                    "--out",
                    tmp.resolve("f1").toString(),
                    "--master",
                    "local[1]");
            assertThat(own.exit()).as(own.err()).isZero();
            assertThat(own.err()).contains("(spark.master): running the job in its own JVM");
            assertThat(tmp.resolve("f1/_SUCCESS")).exists();
        } finally {
            Run stop = run(ROOT, env, bin, "server", "stop");
            assertThat(stop.exit()).as(stop.err()).isZero();
        }
        for (int i = 0; i < 100 && run(ROOT, env, bin, "server", "status").exit() == 0; i++) {
            Thread.sleep(200);
        }
        Run after = run(ROOT, env, bin, "server", "status");
        assertThat(after.exit()).isEqualTo(1);
        assertThat(after.out()).contains("musubi server: none running");
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
        // issue 18 item 8: no chrY talk on tables without chrY, no WARN about the sex covariate the demo asks for,
        // no WARN for a decile OR a small cell cannot give, no Spark SparkStringUtils WARN from freq-merge or meta
        assertThat(demo.err()).doesNotContain(" WARN ").doesNotContain("chrY");

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
            assertThat(h.out()).containsPattern("Examples?:").contains("musubi " + job);
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
