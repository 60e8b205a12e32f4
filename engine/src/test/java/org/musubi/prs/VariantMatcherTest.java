package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.format.Alleles;
import org.musubi.testing.Fixtures;

class VariantMatcherTest {
    /** The cineca targets from the .bim (REF = A2, ALT = A1, as in the VCF PLINK wrote). */
    static List<VariantMatcher.Target> cineca() throws Exception {
        List<VariantMatcher.Target> out = new ArrayList<>();
        for (String l : Files.readAllLines(Fixtures.resource("data/prs/cineca_synthetic_subset.bim"))) {
            String[] f = l.split("\t");
            out.add(new VariantMatcher.Target(f[0], Integer.parseInt(f[3]), f[5], f[4], f[1], false));
        }
        return out;
    }

    @Test
    void pgs001229OnCinecaAsPgscCalc() throws Exception {
        VariantMatcher.TargetIndex idx = new VariantMatcher.TargetIndex(cineca());
        VariantMatcher.FileMatch m =
                VariantMatcher.match(ScoringFileTest.read("PGS001229_22.txt"), idx, VariantMatcher.Options.defaults());
        assertThat(m.rows()).isEqualTo(835);
        assertThat(m.matched()).isEqualTo(782);
        assertThat(m.excluded()).isEqualTo(47);
        assertThat(m.unmatched()).isEqualTo(6);
        assertThat(VariantMatcher.percent(m.matched(), m.rows())).isEqualTo("93.65");
        assertThat(m.log().stream().filter(c -> "excluded".equals(c.status())))
                .allMatch(VariantMatcher.Candidate::ambiguous);

        VariantMatcher.FileMatch keep = VariantMatcher.match(
                ScoringFileTest.read("PGS001229_22.txt"), idx, new VariantMatcher.Options(true, false, 0.75));
        assertThat(keep.matched()).isEqualTo(829);

        VariantMatcher.FileMatch dup = VariantMatcher.match(
                ScoringFileTest.read("PGS001229_22_duplicate.txt"), idx, VariantMatcher.Options.defaults());
        assertThat(dup.matched()).isEqualTo(8);
    }

    @Test
    void matchTypesInPriorityOrder() {
        assertThat(VariantMatcher.matchType("A", "G", "A", "G")).isZero();
        assertThat(VariantMatcher.matchType("G", "A", "A", "G")).isEqualTo(1);
        assertThat(VariantMatcher.matchType("T", "C", "A", "G")).isEqualTo(2);
        assertThat(VariantMatcher.matchType("C", "T", "A", "G")).isEqualTo(3);
        assertThat(VariantMatcher.matchType("A", "T", "A", "T")).isZero(); // palindrome: refalt wins
        assertThat(VariantMatcher.matchType("A", null, "A", "G")).isEqualTo(4);
        assertThat(VariantMatcher.matchType("G", null, "A", "G")).isEqualTo(5);
        assertThat(VariantMatcher.matchType("T", null, "A", "G")).isEqualTo(6);
        assertThat(VariantMatcher.matchType("C", null, "A", "G")).isEqualTo(7);
        assertThat(VariantMatcher.matchType("A", "C", "A", "G")).isEqualTo(-1);
        assertThat(VariantMatcher.matchType("AT", "A", "A", "AT")).isEqualTo(1);
        assertThat(Alleles.complement("ACGT")).isEqualTo("TGCA");
        assertThat(Alleles.complement("N")).isNull();
        assertThat(Alleles.isStrandAmbiguous("C", "G")).isTrue();
        assertThat(Alleles.isStrandAmbiguous("C", "T")).isFalse();
    }

    @Test
    void labels() throws Exception {
        List<VariantMatcher.Target> t = List.of(
                new VariantMatcher.Target("chr1", 100, "A", "C", null, true),
                new VariantMatcher.Target("chr1", 100, "A", "G", null, true),
                new VariantMatcher.Target("chr1", 200, "C", "T", "rs2", false),
                new VariantMatcher.Target("chr1", 300, "G", "A", "rs3", false));
        String text = "chr_name\tchr_position\trsID\teffect_allele\tother_allele\teffect_weight\n"
                + "1\t100\t\tA\t\t0.1\n" // no_oa_ref ties on two multi-allelic rows
                + "1\t200\t\tT\tC\t0.2\n" // altref
                + "1\t200\t\tC\tT\t0.3\n" // refalt on the same target: duplicate_ID
                + "\t\trs3\tA\tG\t0.4\n" // by ID
                + "1\t999\t\tA\tG\t0.5\n"; // unmatched
        ScoringFile f = ScoringFile.read("t.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        VariantMatcher.TargetIndex idx = new VariantMatcher.TargetIndex(t);
        VariantMatcher.FileMatch m = VariantMatcher.match(f, idx, VariantMatcher.Options.defaults());
        List<VariantMatcher.Candidate> log = m.log();
        assertThat(log).hasSize(6);
        assertThat(log.get(0).bestMatch()).isTrue();
        assertThat(log.get(0).duplicateBestMatch()).isTrue();
        assertThat(log.get(0).status()).isEqualTo("excluded"); // multi-allelic
        assertThat(log.get(1).status()).isEqualTo("not_best");
        assertThat(log.get(2).matchType()).isEqualTo("altref");
        assertThat(log.get(2).duplicateId()).isTrue();
        assertThat(log.get(3).duplicateId()).isTrue();
        assertThat(log.get(3).status()).isEqualTo("excluded");
        assertThat(log.get(4).status()).isEqualTo("matched");
        assertThat(log.get(4).effectIsAlt()).isTrue();
        assertThat(log.get(5).status()).isEqualTo("unmatched");
        assertThat(m.matched()).isEqualTo(1);
        assertThat(m.excluded()).isEqualTo(3);
        assertThat(m.unmatched()).isEqualTo(1);

        VariantMatcher.FileMatch keep = VariantMatcher.match(f, idx, new VariantMatcher.Options(false, true, 0.75));
        assertThat(keep.log().get(0).status()).isEqualTo("matched");
        assertThat(keep.log().get(0).matchType()).isEqualTo("no_oa_ref");
    }

    @Test
    void unusableRowsAreUnmatchedWithTheirReason() throws Exception {
        // the SNP rows of PGS004239 (GRCh37) and two of PGS000021's rsIDs as targets
        List<VariantMatcher.Target> t = List.of(
                new VariantMatcher.Target("1", 114377568, "G", "A", "rs2476601", false),
                new VariantMatcher.Target("6", 90986686, "A", "G", "rs2325291", false),
                new VariantMatcher.Target("6", 91047742, "C", "G", "rs76893487", false), // neither C/T nor G/A
                new VariantMatcher.Target("2", 1000, "C", "T", "rs689", false));
        VariantMatcher.TargetIndex idx = new VariantMatcher.TargetIndex(t);
        VariantMatcher.FileMatch m = VariantMatcher.match(
                ScoringFileTest.read("complex_variants_PGS004239.txt"), idx, VariantMatcher.Options.defaults());
        assertThat(m.rows()).isEqualTo(14);
        assertThat(m.matched()).isEqualTo(2);
        assertThat(m.unmatched()).isEqualTo(12);
        assertThat(m.log()).hasSize(14);
        assertThat(m.log().stream().filter(c -> ScoringFile.COMPLEX_ALLELE.equals(c.reason())))
                .hasSize(9)
                .allMatch(c -> "unmatched".equals(c.status()) && c.target() == null);
        assertThat(m.log().get(2).reason()).isEqualTo(VariantMatcher.ALLELES_DIFFER);
        assertThat(m.log().get(3).reason()).isEqualTo(VariantMatcher.NOT_IN_TARGET);
        assertThat(m.log().get(0).reason()).isNull();

        VariantMatcher.FileMatch r = VariantMatcher.match(
                ScoringFileTest.read("complex_variants_PGS000021.txt"), idx, VariantMatcher.Options.defaults());
        assertThat(r.rows()).isEqualTo(33);
        assertThat(r.matched()).isEqualTo(2); // rs2476601 and rs689, by ID
        assertThat(r.log().stream().filter(c -> ScoringFile.COMPLEX_ALLELE.equals(c.reason())))
                .hasSize(8);
        assertThat(r.log().stream().filter(c -> VariantMatcher.NOT_IN_TARGET.equals(c.reason())))
                .hasSize(23);
    }
}
