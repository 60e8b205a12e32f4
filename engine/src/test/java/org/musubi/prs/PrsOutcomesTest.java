package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.samples.PhenotypeFile;

/** Outcome and covariate files matched to table samples, by hand-countable cases. */
class PrsOutcomesTest {
    @TempDir
    Path tmp;

    PhenotypeFile file(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return PhenotypeFile.read(p.toString(), "-9", new Configuration());
    }

    @Test
    void codingMissingValuesDummiesConstantCovariatesAndWithdrawnSamples() throws Exception {
        // Table samples F1_S1 … F6_S6 as PLINK writes VCF names; S7 is only in the outcome file.
        List<String> table = List.of("F1_S1", "F2_S2", "F3_S3", "F4_S4", "F5_S5", "F6_S6");
        PhenotypeFile out = file(
                "o.tsv",
                "FID IID cad ldl\nF1 S1 2 3.5\nF2 S2 1 2.5\nF3 S3 2 -9\nF4 S4 1 4.0\nF5 S5 NA 1.0\nF7 S7 1 2\n");
        PhenotypeFile cov = file(
                "c.tsv",
                "FID IID age site batch\nF1 S1 50 A 1\nF2 S2 60 B 1\nF3 S3 55 C 1\nF4 S4 . B 1\nF5 S5 40 A 1\nF6 S6 45 A 1\n");
        PrsOutcomes.Outcomes o = PrsOutcomes.prepare(table, out, List.of(), cov, List.of(), Set.of("F2_S2"));
        assertThat(o.unmatchedTableSamples()).isEqualTo(1); // F6_S6 has no outcome row
        assertThat(o.firstUnmatched()).containsExactly("F6_S6");
        assertThat(o.fileSamplesNotInTable()).isEqualTo(1); // S7
        assertThat(o.withdrawn()).isEqualTo(1);
        PrsOutcomes.Outcome cad = o.outcomes().get(0);
        assertThat(cad.binary()).isTrue();
        assertThat(cad.coding()).startsWith("1/2");
        // S1 (case), S3 (case) kept; S2 withdrawn; S4 lacks age; S5 lacks cad
        assertThat(cad.rows()).containsExactly(0, 2);
        assertThat(cad.y()).containsExactly(1, 1);
        assertThat(cad.missing()).isEqualTo(2);
        // site: levels A (reference), B, C → site=B, site=C; batch constant → dropped; over S1, S3: site=B constant 0
        assertThat(cad.droppedCovariates()).contains("batch", "site=B");
        assertThat(cad.covariateNames()).containsExactly("age", "site=C");
        assertThat(cad.covariates()).containsExactly(50, 55, 0, 1);
        PrsOutcomes.Outcome ldl = o.outcomes().get(1);
        assertThat(ldl.binary()).isFalse();
        assertThat(ldl.rows()).containsExactly(0, 4); // S3 ldl missing (-9), S4 age missing
        assertThat(ldl.y()).containsExactly(3.5, 1.0);
    }

    @Test
    void noUsableSampleIsAUserError() throws Exception {
        PhenotypeFile out = file("o2.tsv", "IID t\nS1 0\nS2 1\n");
        PhenotypeFile cov = file("c2.tsv", "IID age\nS1 NA\nS2 NA\n");
        assertThatThrownBy(() -> PrsOutcomes.prepare(List.of("S1", "S2"), out, List.of(), cov, List.of(), Set.of()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("outcome t: no table sample has the outcome and every covariate");
        PhenotypeFile constant = file("o3.tsv", "IID t\nS1 1\nS2 1\n");
        assertThatThrownBy(
                        () -> PrsOutcomes.prepare(List.of("S1", "S2"), constant, List.of(), null, List.of(), Set.of()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("single value 1.0");
    }
}
