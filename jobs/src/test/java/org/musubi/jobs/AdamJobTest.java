package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADAM in and out from the command line: {@code export --format adam} writes a dataset with ADAM's metadata files,
 * {@code ingest --format adam} reads it back (inspect says "made from adam"); options that ADAM input ignores and a
 * directory that is not an ADAM dataset are one-line user errors.
 */
@Tag("slow")
class AdamJobTest {
    @TempDir
    static Path tmp;

    @Test
    void exportThenIngestAdamFromTheCommandLine() throws Exception {
        Path vcf = tmp.resolve("small.vcf");
        Files.writeString(
                vcf,
                String.join(
                        "\n",
                        "##fileformat=VCFv4.2",
                        "##contig=<ID=1,length=249250621>",
                        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
                        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2",
                        "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/1\t1|1",
                        "1\t200\trs2\tC\tT,G\t.\tPASS\t.\tGT\t1/2\t./.",
                        ""));
        String table = tmp.resolve("in.mvt").toString();
        GwasJobTest.Run r = GwasJobTest.musubi("ingest", "--input", vcf.toString(), "--output", table);
        assertThat(r.exit()).as(r.err()).isZero();
        String adam = tmp.resolve("out.adam").toString();
        r = GwasJobTest.musubi("export", "--table", table, "--format", "adam", "--output", adam);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Path.of(adam, "_samples.avro")).exists();
        assertThat(Path.of(adam, "_references.avro")).exists();
        assertThat(Path.of(adam, "_header")).exists();
        String back = tmp.resolve("back.mvt").toString();
        r = GwasJobTest.musubi("ingest", "--input", adam, "--format", "adam", "--output", back);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(inspect(back)).contains("made from      adam");

        r = GwasJobTest.musubi(
                "ingest",
                "--input",
                adam,
                "--format",
                "adam",
                "--output",
                tmp.resolve("x.mvt").toString(),
                "--info-fields",
                "AF");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("--info-fields has no effect with --format adam")
                .doesNotContain("\tat ");
        r = GwasJobTest.musubi(
                "ingest",
                "--input",
                table,
                "--format",
                "adam",
                "--output",
                tmp.resolve("y.mvt").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not an ADAM genotype dataset").doesNotContain("\tat ");
        r = GwasJobTest.musubi(
                "ingest",
                "--input",
                adam,
                "--format",
                "bgen",
                "--output",
                tmp.resolve("z.mvt").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--format bgen: use auto");
    }

    private static String inspect(String table) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            Musubi.execute(new String[] {"inspect", "--table", table});
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
