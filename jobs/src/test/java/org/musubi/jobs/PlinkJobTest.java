package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PLINK 1 in and out from the command line: {@code ingest --input x.bed} and {@code export --format plink} give back
 * the same {@code .bed} bytes; a truncated {@code .bed} and a bad {@code --plink-ref} are one-line user errors (exit
 * 1, no stack trace).
 */
class PlinkJobTest {
    @TempDir
    static Path tmp;

    private static String fixture(String relative) {
        return Paths.get("../engine/src/test/resources/data/glow/plink")
                .resolve(relative)
                .toAbsolutePath()
                .toString();
    }

    @Test
    void ingestThenExportGivesTheSameBed() throws Exception {
        String table = tmp.resolve("five.mvt").toString();
        GwasJobTest.Run in =
                GwasJobTest.musubi("ingest", "--input", fixture("bed-bim-fam/test.bed"), "--output", table);
        assertThat(in.exit()).as(in.err()).isZero();
        String out = tmp.resolve("five").toString();
        GwasJobTest.Run ex = GwasJobTest.musubi("export", "--table", table, "--format", "plink", "--output", out);
        assertThat(ex.exit()).as(ex.err()).isZero();
        assertThat(Files.readAllBytes(Path.of(out + ".bed")))
                .isEqualTo(Files.readAllBytes(Path.of(fixture("bed-bim-fam/test.bed"))));
        assertThat(Path.of(out + ".bim")).exists();
        assertThat(Path.of(out + ".fam")).exists();
    }

    @Test
    void badInputAndOptionsAreOneLineUserErrors() {
        String out = tmp.resolve("bad.mvt").toString();
        GwasJobTest.Run r = GwasJobTest.musubi("ingest", "--input", fixture("malformed/test.bed"), "--output", out);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("truncated inside variant 5").doesNotContain("\tat ");
        r = GwasJobTest.musubi(
                "ingest", "--input", fixture("bed-bim-fam/test.bed"), "--output", out, "--plink-ref", "ref");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--plink-ref ref").doesNotContain("\tat ");
        r = GwasJobTest.musubi("export", "--table", out, "--format", "bgen", "--output", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--format bgen: use vcf or plink");
        assertThat(Path.of(out)).doesNotExist();
    }
}
