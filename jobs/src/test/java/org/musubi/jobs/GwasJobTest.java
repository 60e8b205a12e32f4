package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi gwas} as a user meets its input errors: each is exit code 1 with one line naming the file, the
 * column, the sample or the IDs that do not match; a partly matching phenotype file runs and says in summary.json
 * how many table samples it lacks.
 */
class GwasJobTest {
    @TempDir
    static Path tmp;

    static Path table;

    record Run(int exit, String err) {}

    /** Runs a job in this JVM (local[1]), capturing what it prints on stderr. */
    static Run musubi(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--master", "local[1]", "--log-level", "WARN"));
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

    @BeforeAll
    static void smallTable() throws Exception {
        // 6 samples × 4 variants
        StringBuilder vcf = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=1,length=100000>\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\tS3\tS4\tS5\tS6\n");
        String[][] gts = {
            {"0/0", "0/1", "1/1", "0/0", "0/1", "0/0"},
            {"0/1", "0/1", "0/0", "0/0", "1/1", "0/1"},
            {"0/0", "0/0", "0/1", "0/1", "0/0", "./."},
            {"1/1", "0/1", "0/0", "0/1", "0/0", "0/0"}
        };
        for (int v = 0; v < gts.length; v++) {
            vcf.append("1\t").append(100 * (v + 1)).append("\trs").append(v + 1).append("\tA\tG\t.\tPASS\t.\tGT\t");
            vcf.append(String.join("\t", gts[v])).append('\n');
        }
        Path in = tmp.resolve("small.vcf");
        Files.writeString(in, vcf.toString());
        table = tmp.resolve("small.mvt");
        Run r = musubi("ingest", "--input", in.toString(), "--output", table.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    static Path file(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    Run gwas(Path pheno, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "gwas",
                "--table",
                table.toString(),
                "--pheno",
                pheno.toString(),
                "--out",
                tmp.resolve(out).toString()));
        args.addAll(List.of(extra));
        return musubi(args.toArray(String[]::new));
    }

    /** The error line the job printed (one line, no stack trace). */
    static String errorLine(Run r) {
        List<String> lines =
                r.err().lines().filter(l -> l.startsWith("musubi gwas: ")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat org.musubi");
        return lines.get(0);
    }

    @Test
    void phenotypeFileWithNoMatchingSampleNamesTheFileAndExampleIds() throws Exception {
        Path p = file("nomatch.tsv", "IID\tT\nX1\t1.5\nX2\t2.5\nX3\t0.5\n");
        Run r = gwas(p, "nomatch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(errorLine(r))
                .contains(p.toString())
                .contains("X1, X2, X3")
                .contains("S1, S2, S3")
                .contains("FID_IID");
        assertThat(Files.exists(tmp.resolve("nomatch"))).isFalse();
    }

    @Test
    void sexChromosomeOptionsOutOfRangeOrContradictoryAreUserErrors() throws Exception {
        Path p = file("pheno-x.tsv", "IID T\nS1 1\nS2 2\nS3 3\nS4 1\nS5 2\nS6 0\n");
        Run model = gwas(p, "xchr3", "--xchr-model", "3");
        assertThat(model.exit()).isEqualTo(1);
        assertThat(errorLine(model)).contains("--xchr-model 3").contains("use 0 (skip chrX), 1 or 2");
        Run both = gwas(p, "xboth", "--no-x-sex", "--sex-covariate");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(errorLine(both)).contains("--no-x-sex and --sex-covariate").contains("use one");
        assertThat(Files.exists(tmp.resolve("xchr3"))).isFalse();
        assertThat(Files.exists(tmp.resolve("xboth"))).isFalse();
    }

    @Test
    void unknownPhenotypeNameListsTheColumns() throws Exception {
        Path p = file("pheno.tsv", "FID IID T U\nS1 S1 1 2\nS2 S2 2 3\nS3 S3 3 1\nS4 S4 1 1\nS5 S5 2 2\nS6 S6 0 1\n");
        Run r = gwas(p, "unknown", "--pheno-name", "T,nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(errorLine(r)).contains(p.toString()).contains("'nope'").contains("T, U");
    }

    @Test
    void nonNumericPhenotypeNamesSampleAndColumn() throws Exception {
        Path p = file("text.tsv", "IID\tT\nS1\t1\nS2\t2\nS3\tabc\nS4\t1\nS5\t2\nS6\t3\n");
        Run r = gwas(p, "text");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(errorLine(r))
                .contains(p.toString())
                .contains("sample S3")
                .contains("column T")
                .contains("'abc'");
    }

    @Test
    void partlyMatchingFileRunsAndReportsTheUnmatchedSamples() throws Exception {
        // S5 and S6 have no row; X9 is not in the table
        Path p = file("part.tsv", "IID\tT\nS1\t0.3\nS2\t1.2\nS3\t-0.7\nS4\t0.1\nX9\t1.0\n");
        Run r = gwas(p, "part");
        assertThat(r.exit()).as(r.err()).isZero();
        // read as text: the jobs test classpath mixes Jackson versions (Spark's core, the engine's databind)
        String s = Files.readString(tmp.resolve("part/summary.json"));
        String notes = s.substring(s.indexOf("\"notes\""), s.indexOf("\"phenotypes\""));
        assertThat(notes)
                .contains("2 of 6 table samples have no row in " + p + " (first: S5, S6)")
                .contains("1 sample(s) of " + p + " are not in the table");
        assertThat(s).containsPattern("\"samples\" : 4,");
        assertThat(Files.readAllLines(tmp.resolve("part/T.glm.linear"))).hasSize(5);
    }
}
