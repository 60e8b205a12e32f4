package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi meta} from the command line: a hand-countable two-study run (the second study has the alleles
 * swapped), and each option or input error as exit code 1 with one line that names the problem.
 */
class MetaJobTest {
    @TempDir
    static Path tmp;

    static Path file(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static final String HEADER = "chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error"
            + "\teffect_allele_frequency\tp_value\tn\n";

    @Test
    void twoStudiesWithSwappedAllelesByHand() throws Exception {
        Path a = file("a.tsv", HEADER + "22\t1000\tG\tA\t0.1\t0.1\t0.2\t0.3173\t100\n");
        // the same variant with the alleles the other way round: β −0.3 for A is +0.3 for G, EAF 0.75 → 0.25
        Path b = file("b.tsv", HEADER + "22\t1000\tA\tG\t-0.3\t0.15\t0.75\t0.0455\t50\n");
        Path out = tmp.resolve("meta");
        GwasJobTest.Run r =
                GwasJobTest.musubi("meta", "--inputs", a + "," + b, "--random-effects", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> tbl = Files.readAllLines(out.resolve("meta.tbl"));
        assertThat(tbl).hasSize(2);
        String[] f = tbl.get(1).split("\t");
        // MarkerName Allele1 Allele2 Freq1 FreqSE MinFreq MaxFreq Effect StdErr P Direction HetISq HetChiSq HetDf
        assertThat(f[0]).isEqualTo("22:1000:A:G");
        assertThat(f[1]).isEqualTo("G");
        assertThat(f[2]).isEqualTo("A");
        // w = (100, 400/9): β = 21/130, SE = 3/√1300, Q = 16/13, I² = 18.75 (MetaAnalysisTest works them out)
        assertThat(Double.parseDouble(f[7])).isCloseTo(21.0 / 130, within(1e-6));
        assertThat(Double.parseDouble(f[8])).isCloseTo(3 / Math.sqrt(1300), within(1e-6));
        assertThat(f[10]).isEqualTo("++");
        assertThat(Double.parseDouble(f[11])).isCloseTo(18.75, within(1e-4));
        assertThat(Double.parseDouble(f[12])).isCloseTo(16.0 / 13, within(1e-5));
        assertThat(f[13]).isEqualTo("1");
        // Freq1 weighted by 1/SE²: (100·0.2 + 400/9·0.25)/(1300/9)
        assertThat(Double.parseDouble(f[3])).isCloseTo((20 + 400.0 / 9 * 0.25) / (1300.0 / 9), within(1e-6));
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"swapped\" : 1");
        // an existing output is kept without --overwrite
        GwasJobTest.Run again = GwasJobTest.musubi("meta", "--inputs", a + "," + b, "--out", out.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists").contains("--overwrite");
    }

    @Test
    void optionAndInputErrorsAreOneLineUserErrors() throws Exception {
        Path a = file("ok.tsv", HEADER + "22\t1000\tG\tA\t0.1\t0.1\t0.2\t0.3173\t100\n");
        String out = tmp.resolve("never").toString();
        GwasJobTest.Run r = GwasJobTest.musubi("meta", "--inputs", a.toString(), "--scheme", "fixed", "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--scheme fixed: use stderr or samplesize");
        r = GwasJobTest.musubi(
                "meta", "--inputs", a.toString(), "--scheme", "samplesize", "--random-effects", "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--random-effects needs effects and standard errors");
        r = GwasJobTest.musubi("meta", "--inputs", a.toString(), "--palindrome-maf-max", "0.5", "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--palindrome-maf-max 0.5");
        r = GwasJobTest.musubi("meta", "--inputs", a + "," + tmp.resolve("missing.tsv.gz"), "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("missing.tsv.gz: no such file");
        Path noAllele = file("noallele.tsv", "chromosome\tbase_pair_location\teffect_allele\tbeta\tstandard_error\n");
        r = GwasJobTest.musubi("meta", "--inputs", a + "," + noAllele, "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("GWAS-SSF column 'other_allele' is missing");
        Path badP = file("badp.tsv", HEADER + "22\t1000\tG\tA\t0.1\t0.1\t0.2\t1.5\t100\n");
        r = GwasJobTest.musubi("meta", "--inputs", a + "," + badP, "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("badp.tsv line 2: column p_value = 1.5 is outside [0, 1]");
        assertThat(Path.of(out)).doesNotExist();
        // one input: nothing to combine (as freq-merge); the other inputs above are two for that reason
        r = GwasJobTest.musubi("meta", "--inputs", a.toString(), "--out", out);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--inputs: give at least two GWAS-SSF files to combine (got 1)");
    }
}
