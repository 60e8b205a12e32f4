package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musubi.jobs.LauncherIT.musubi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.jobs.LauncherIT.Run;
import picocli.CommandLine;

/**
 * A newcomer's first commands through bin/musubi (issue 18): the help that can be pasted, mistakes answered with
 * the fix, exit codes, and the first and last lines printed. Mostly commands that fail before Spark starts; one
 * tiny ingest. The real-data quick start (ingest → gwas → prs → report) is {@link LauncherIT}'s.
 */
class NewcomerIT {
    static final String FOOTER_LAST = "(spark-submit): --master spark://host:7077, yarn, k8s://https://host:port.";

    @TempDir
    Path tmp;

    static String first(String text) {
        return text.lines().findFirst().orElse("");
    }

    static String last(String text) {
        List<String> l = text.lines().filter(s -> !s.isBlank()).toList();
        return l.isEmpty() ? "" : l.get(l.size() - 1);
    }

    @Test
    void helpListsEveryJobInOneSentenceAndEachExamplePastes() throws Exception {
        // item 1: the job list gives each job's one-line header, never a description cut mid-sentence
        Run help = musubi("--help");
        assertThat(help.exit()).isZero();
        assertThat(first(help.out())).startsWith("Usage: musubi");
        assertThat(last(help.out())).isEqualTo(FOOTER_LAST);
        assertThat(help.out().lines()).allMatch(l -> l.length() <= 80);
        List<String> jobs =
                new ArrayList<>(new CommandLine(new Musubi()).getSubcommands().keySet());
        for (String job : jobs) {
            String line = help.out()
                    .lines()
                    .filter(l -> l.startsWith("  " + job + " "))
                    .findFirst()
                    .orElseThrow();
            assertThat(line).as(line).endsWith(".");
        }
        for (String job : jobs) {
            Run h = musubi(job, "--help");
            assertThat(h.exit()).as(job).isZero();
            // item 2: no picocli formatting warning (an unescaped %) before the help
            assertThat(h.out() + h.err()).as(job).doesNotContain("picocli WARN");
            assertThat(first(h.out())).as(job).endsWith(".").doesNotStartWith("Usage");
            // item 3: examples call bin/musubi, fit 80 columns (no wrapping inside a value) and parse as given
            List<String> example = h.out()
                    .lines()
                    .dropWhile(l -> !l.startsWith("Example"))
                    .skip(1)
                    .toList();
            assertThat(example).as(job).isNotEmpty();
            assertThat(last(h.out())).as(job).isEqualTo(example.get(example.size() - 1));
            StringBuilder cmd = new StringBuilder();
            for (String l : example) {
                assertThat(l.length()).as(l).isLessThanOrEqualTo(80);
                if (cmd.length() == 0) {
                    assertThat(l).as(job).startsWith("  bin/musubi " + job + " ");
                }
                cmd.append(l.strip());
                if (cmd.charAt(cmd.length() - 1) == '\\') {
                    cmd.setLength(cmd.length() - 1);
                } else {
                    List<String> args = words(cmd.toString());
                    new CommandLine(new Musubi())
                            .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
                    cmd.setLength(0);
                }
            }
        }
    }

    /** Splits a command line as the shell would (whitespace, single quotes); globs stay as written. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void mistakesAreOneLineUserErrorsWithTheFix() throws Exception {
        // item 4: a mistyped job, with or without --help, and no job at all: the nearest job and the list, exit 1
        for (String[] args : List.of(new String[] {"gwsa"}, new String[] {"gwsa", "--help"})) {
            Run r = musubi(args);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(first(r.err())).isEqualTo("musubi: error: unknown job 'gwsa' (did you mean gwas?)");
            assertThat(r.err()).contains("  freq-merge ");
            assertThat(last(r.err())).isEqualTo(FOOTER_LAST);
        }
        Run none = musubi();
        assertThat(none.exit()).isEqualTo(1);
        assertThat(first(none.err())).isEqualTo("musubi: error: name a job");
        assertThat(last(none.err())).isEqualTo(FOOTER_LAST);

        // item 6: another job's output given as --table says what it is and who reads it
        Path freq = Files.createDirectories(tmp.resolve("bankA.freq/frequencies.parquet"))
                .getParent();
        Files.writeString(freq.resolve("_SUCCESS"), "");
        Files.writeString(freq.resolve("summary.json"), "{}");
        Run notTable = musubi("inspect", "--table", freq.toString());
        assertThat(notTable.exit()).isEqualTo(1);
        assertThat(notTable.err().lines().toList()).hasSize(1);
        assertThat(first(notTable.err()))
                .startsWith("musubi inspect: error: " + freq + " is a freq or freq-merge output")
                .contains("freq-merge and report read it")
                .endsWith("a directory with _table.json");

        // item 12: meta, like freq-merge, needs two inputs
        Run meta = musubi(
                "meta",
                "--inputs",
                "bankA/gwas/bmi.tsv.gz",
                "--out",
                tmp.resolve("m").toString());
        assertThat(meta.exit()).isEqualTo(1);
        assertThat(last(meta.err()))
                .isEqualTo("musubi meta: error: --inputs: give at least two GWAS-SSF files to combine (got 1)");
        Run merge = musubi(
                "freq-merge",
                "--inputs",
                freq.toString(),
                "--out",
                tmp.resolve("p").toString());
        assertThat(merge.exit()).isEqualTo(1);
        assertThat(last(merge.err())).startsWith("musubi freq-merge: error: --inputs: give at least two");

        // item 13: one --partitions rule (0 automatic, negative refused with the same words) for ingest and gwas
        String rule = ": error: --partitions -1: use a positive number of tasks, or 0 (the default) for an automatic"
                + " choice";
        Run ingest = musubi("ingest", "--input", "x.vcf", "--output", "t.mvt", "--partitions", "-1");
        assertThat(ingest.exit()).isEqualTo(1);
        assertThat(last(ingest.err())).isEqualTo("musubi ingest" + rule);
        Run gwas = musubi("gwas", "--table", "t.mvt", "--pheno", "p.tsv", "--out", "g", "--partitions", "-1");
        assertThat(gwas.exit()).isEqualTo(1);
        assertThat(last(gwas.err())).isEqualTo("musubi gwas" + rule);
    }

    @Test
    void ingestWarnsAboutSampleNamesWithSpacesAndAnUnknownBuild() throws Exception {
        // items 10, 15: a VCF without ##contig lengths, ##reference or --genome-build, one sample named "HG 00096"
        Path vcf = tmp.resolve("spaced.vcf");
        Files.writeString(
                vcf,
                String.join(
                        "\n",
                        "##fileformat=VCFv4.2",
                        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
                        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tHG 00096\tHG00097",
                        "22\t100\t.\tA\tG\t.\t.\t.\tGT\t0/1\t0/0",
                        "22\t200\t.\tC\tT\t.\t.\t.\tGT\t1/1\t0/1",
                        ""));
        Path table = tmp.resolve("spaced.mvt");
        Run r = musubi("ingest", "--input", vcf.toString(), "--output", table.toString(), "--partitions", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("WARN")
                .contains("1 sample name(s) contain whitespace (first: 'HG 00096')")
                .contains("genome build unknown")
                .contains("give --genome-build GRCh37 or GRCh38");
        assertThat(last(r.err())).contains("ingest: wrote " + table + ": 2 samples, 2 variants");
        // item 7: inspect takes --log-level like every job; the build is "unknown", never null
        Run inspect = musubi("inspect", "--table", table.toString(), "--log-level", "WARN");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(first(inspect.out())).startsWith("table ");
        assertThat(inspect.out()).contains("genome build   unknown").doesNotContain("null");
        assertThat(last(inspect.out())).matches("22 +2 +\\d+");
    }
}
