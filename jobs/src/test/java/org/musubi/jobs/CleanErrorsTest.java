package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 steps 0b and 2: every job's known bad inputs, with several splits ({@code local[2]}, {@code --partitions
 * 4}), reach the user as one line (exit 1): no stack-trace frame and no Spark logger line on stderr (what the
 * launcher prints and what the log configuration's console would print, captured by an appender on the root logger
 * after the loggers' filters), the task-side failures included; {@code --debug} shows the trace again. Also: missing
 * input files are "no such file", options that would be ignored are refused, an empty table is refused by the jobs
 * that need variants.
 */
class CleanErrorsTest {
    @TempDir
    static Path tmp;

    static Path vcf;
    static Path truncated;
    static Path badRecord;
    static Path table;
    static Path emptyTable;
    static Path pheno;

    /** A Spark log line ("12:00:00 ERROR Executor: …") or a stack-trace frame. */
    private static final Pattern SPARK_LINE = Pattern.compile(
            "^\\d\\d:\\d\\d:\\d\\d (ERROR|WARN|INFO) +(Executor|TaskSetManager|TaskSchedulerImpl|DAGScheduler"
                    + "|Utils|FileFormatWriter|SparkHadoopWriter|BlockManager)\\b.*");

    record Run(int exit, String err) {}

    /** Runs a job in this JVM, capturing stderr and every log event that reaches the root logger's appenders. */
    static Run musubi(String... args) {
        // the console appender follows System.err (conf/log4j2.properties): the log lines land in buf, as on stderr
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        if (!List.of("inspect").contains(args[0])) {
            all.addAll(List.of("--master", "local[2]"));
        }
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            exit = Musubi.execute(all.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        saved.print(err);
        return new Run(exit, err);
    }

    /** Exit 1 and, on stderr, one line: the error naming {@code what}; no frame, no Spark logger line. */
    static void assertOneLine(Run r, String job, String what) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(r.err()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Driver stacktrace"));
        assertThat(lines).as(r.err()).noneMatch(l -> SPARK_LINE.matcher(l).matches());
        List<String> errors =
                lines.stream().filter(l -> l.startsWith("musubi ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).startsWith("musubi " + job + ": error: ").contains(what);
        // nothing but Musubi's own log lines besides it
        assertThat(lines)
                .as(r.err())
                .allMatch(l -> l.startsWith("musubi ") || l.matches("^\\d\\d:\\d\\d:\\d\\d \\w+ +\\w+: .*"));
    }

    @BeforeAll
    static void inputs() throws Exception {
        // 40 samples × 4000 variants on two contigs: several BGZF blocks, so --partitions 4 gives four splits
        int n = 40;
        StringBuilder h = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=1,length=10000000>\n"
                + "##contig=<ID=2,length=10000000>\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        StringBuilder p = new StringBuilder("IID\tqt\tconst\n");
        for (int s = 0; s < n; s++) {
            h.append("\tS").append(s);
            p.append('S').append(s).append('\t').append(s % 7).append(".5\t1\n");
        }
        h.append('\n');
        String[] gt = {"0/0", "0/1", "1/1", "./."};
        List<String> records = new ArrayList<>();
        for (int v = 0; v < 4000; v++) {
            StringBuilder r = new StringBuilder();
            r.append(v < 2000 ? "1" : "2")
                    .append('\t')
                    .append(1000 + 10 * (v % 2000))
                    .append("\t.\tA\tG\t.\tPASS\t.\tGT");
            for (int s = 0; s < n; s++) {
                r.append('\t').append(gt[(int) ((v * 31L + s * 17L + (long) v * s) % 7 % 3)]);
            }
            records.add(r.append('\n').toString());
        }
        vcf = tmp.resolve("cohort.vcf.gz");
        bgzip(vcf, h + String.join("", records));
        byte[] full = Files.readAllBytes(vcf);
        assertThat(full.length).isGreaterThan(20_000); // about 12 BGZF blocks
        truncated = tmp.resolve("truncated.vcf.gz");
        Files.write(truncated, Arrays.copyOf(full, full.length * 3 / 5));
        List<String> bad = new ArrayList<>(records);
        bad.set(3000, bad.get(3000).replaceFirst("^2\t\\d+", "2\tnotanumber"));
        badRecord = tmp.resolve("bad-record.vcf.gz");
        bgzip(badRecord, h + String.join("", bad));
        pheno = tmp.resolve("pheno.tsv");
        Files.writeString(pheno, p);
        table = tmp.resolve("cohort.mvt");
        assertThat(musubi("ingest", "--input", vcf.toString(), "--output", table.toString())
                        .exit())
                .isZero();
        Path empty = tmp.resolve("empty.vcf");
        Files.writeString(empty, h.toString());
        emptyTable = tmp.resolve("empty.mvt");
        assertThat(musubi("ingest", "--input", empty.toString(), "--output", emptyTable.toString())
                        .exit())
                .isZero();
    }

    static void bgzip(Path out, String text) throws Exception {
        try (OutputStream o = new BlockCompressedOutputStream(out.toFile())) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void taskFailuresOfIngestAreOneLine() {
        String out = tmp.resolve("t.mvt").toString();
        assertOneLine(
                musubi("ingest", "--input", truncated.toString(), "--output", out, "--partitions", "4"),
                "ingest",
                "truncated.vcf.gz");
        assertOneLine(
                musubi("ingest", "--input", badRecord.toString(), "--output", out, "--partitions", "4"),
                "ingest",
                "bad-record.vcf.gz");
        // --debug: the stack trace and Spark's own logging of the failure are back
        Run debug = musubi("ingest", "--input", truncated.toString(), "--output", out, "--partitions", "4", "--debug");
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void driverSideBadInputsAreOneLine() throws Exception {
        String t = table.toString();
        String out = tmp.resolve("out").toString();
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", pheno.toString(), "--pheno-name", "bmi", "--out", out),
                "gwas",
                "bmi");
        Path score = tmp.resolve("bad-score.txt");
        Files.writeString(score, "#format_version=2.0\nchr_name\tchr_position\tweight\n1\t1000\t0.5\n");
        assertOneLine(musubi("prs", "--table", t, "--score", score.toString(), "--out", out), "prs", "bad-score.txt");
        Path notTable = tmp.resolve("not-a-table");
        Files.createDirectories(notTable);
        assertOneLine(musubi("freq", "--table", notTable.toString(), "--out", out), "freq", "not-a-table");
        assertOneLine(
                musubi(
                        "export",
                        "--table",
                        notTable.toString(),
                        "--output",
                        tmp.resolve("x.vcf.gz").toString()),
                "export",
                "not-a-table");
    }

    @Test
    void missingInputFilesAreNoSuchFile() {
        String t = table.toString();
        String out = tmp.resolve("out").toString();
        String none = tmp.resolve("none.tsv").toString();
        String p = pheno.toString();
        assertOneLine(musubi("gwas", "--table", t, "--pheno", none, "--out", out), "gwas", "--pheno " + none);
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--covar", none, "--out", out), "gwas", "--covar " + none);
        assertOneLine(musubi("gwas", "--table", t, "--pheno", p, "--keep", none, "--out", out), "gwas", "--keep");
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--release-policy", none, "--out", out),
                "gwas",
                "--release-policy");
        assertOneLine(
                musubi("ingest", "--input", vcf.toString(), "--samples", none, "--output", out),
                "ingest",
                "--samples " + none);
        assertOneLine(musubi("freq", "--table", t, "--release-policy", none, "--out", out), "freq", "no such file");
        for (Run r : List.of(
                musubi("gwas", "--table", t, "--pheno", none, "--out", out),
                musubi("ingest", "--input", vcf.toString(), "--samples", none, "--output", out))) {
            assertThat(r.err()).contains("no such file");
        }
    }

    @Test
    void optionsThatWouldBeIgnoredAreRefused() {
        String t = table.toString();
        String out = tmp.resolve("out").toString();
        String p = pheno.toString();
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--covar-name", "age", "--out", out),
                "gwas",
                "--covar-name has no effect without --covar");
        // the table has no chrX: the chrX options would change nothing
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--pheno-name", "qt", "--xchr-model", "1", "--out", out),
                "gwas",
                "--xchr-model 1 has no effect: the table has no chrX");
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--pheno-name", "qt", "--no-x-sex", "--out", out),
                "gwas",
                "--no-x-sex has no effect");
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--xchr-model", "0", "--no-x-sex", "--out", out),
                "gwas",
                "--no-x-sex has no effect with --xchr-model 0");
        // REGENIE step 2 filters variants by --min-mac only: a MAF or call-rate filter would be ignored
        assertOneLine(
                musubi("gwas", "--table", t, "--pheno", p, "--pred", "x_pred.list", "--maf", "0.01", "--out", out),
                "gwas",
                "--maf has no effect with --pred");
        String score = tmp.resolve("score.txt").toString();
        for (String[] o :
                List.of(new String[] {"--covar-name", "age"}, new String[] {"--missing-code", "-99"}, new String[] {
                    "--standardise", "controls"
                })) {
            assertOneLine(
                    musubi("prs", "--table", t, "--score", score, o[0], o[1], "--out", out),
                    "prs",
                    o[0] + " has no effect without --outcome");
        }
        assertOneLine(
                musubi("prs", "--table", t, "--score", score, "--outcome", p, "--covar-name", "age", "--out", out),
                "prs",
                "--covar-name has no effect without --covar");
        assertOneLine(
                musubi("ingest", "--input", vcf.toString(), "--max-bad-records", "5", "--output", out),
                "ingest",
                "--max-bad-records has no effect with --stringency strict");
        assertOneLine(
                musubi("export", "--table", t, "--output", tmp.resolve("x.vcf").toString(), "--no-index"),
                "export",
                "--no-index has no effect for a plain .vcf");
    }

    @Test
    void emptyTableIsRefusedByJobsThatNeedVariants() throws Exception {
        String e = emptyTable.toString();
        String out = tmp.resolve("out").toString();
        assertOneLine(
                musubi("gwas", "--table", e, "--pheno", pheno.toString(), "--out", out), "gwas", "has no variants");
        assertOneLine(musubi("freq", "--table", e, "--out", out), "freq", "has no variants");
        Path score = tmp.resolve("score1.txt");
        Files.writeString(score, "ID\teffect_allele\tweight\n1:1000\tG\t0.5\n");
        assertOneLine(musubi("prs", "--table", e, "--score", score.toString(), "--out", out), "prs", "has no variants");
    }

    @Test
    void aConstantPhenotypeSaysSoInOneWarningAndTheSummary() throws Exception {
        Path out = tmp.resolve("const");
        Run r = musubi(
                "gwas",
                "--table",
                table.toString(),
                "--pheno",
                pheno.toString(),
                "--pheno-name",
                "const",
                "--log-level",
                "WARN",
                "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains("no usable result")))
                .singleElement()
                .asString()
                .contains("const: all 4000 variants failed");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"no_result\"");
    }
}
