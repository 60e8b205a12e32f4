package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;
import org.musubi.testing.Fixtures;

class ScoringFileTest {
    static ScoringFile read(String name) throws IOException {
        Path p = Fixtures.resource("data/prs/" + name);
        try (InputStream in = Files.newInputStream(p)) {
            return ScoringFile.read(p.toString(), in);
        }
    }

    static ScoringFile parse(String text) throws IOException {
        return ScoringFile.read("mem.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pgsCatalogFileWithHeader() throws Exception {
        ScoringFile f = read("PGS001229_22.txt");
        assertThat(f.variants()).hasSize(835);
        assertThat(f.scoreNames()).containsExactly("PGS001229");
        assertThat(f.header()).containsEntry("format_version", "2.0").containsEntry("variants_number", "51209");
        ScoringFile.Variant v = f.variants().get(0);
        assertThat(v.rsId()).isEqualTo("rs5746679");
        assertThat(v.chr()).isEqualTo("22");
        assertThat(v.pos()).isEqualTo(17080378);
        assertThat(v.effectAllele()).isEqualTo("G");
        assertThat(v.otherAllele()).isEqualTo("A");
        assertThat(v.weights()).containsExactly(1.045457e-02);
        assertThat(v.line()).isEqualTo(16); // 14 "#" lines, then the column header
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void gzipHarmonizedColumnsArePreferred() throws Exception {
        ScoringFile f = read("PGS000001_hmPOS_GRCh37.txt.gz");
        assertThat(f.variants()).hasSize(77);
        assertThat(f.scoreNames()).containsExactly("PGS000001");
        ScoringFile.Variant v = f.variants().get(0);
        assertThat(v.chr()).isEqualTo("11");
        assertThat(v.pos()).isEqualTo(69331418);
        assertThat(v.effectAllele()).isEqualTo("T");
        assertThat(v.otherAllele()).isEqualTo("C");

        ScoringFile g = read("PGS000802_hmPOS_GRCh37.txt");
        assertThat(g.variants().get(0).pos()).isEqualTo(169492101); // hm_pos, not chr_position 170974795
        assertThat(g.variants().get(0).effectType()).isEqualTo(ScoringFile.EffectType.DOMINANT);
        assertThat(g.variants().get(1).effectType()).isEqualTo(ScoringFile.EffectType.RECESSIVE);
    }

    @Test
    void dominantRecessiveCustomFile() throws Exception {
        ScoringFile f = read("scorefile_dominant_and_recessive.txt");
        assertThat(f.variants()).hasSize(835);
        assertThat(f.scoreNames()).containsExactly("PGS001229_22_DominantRecessiveExample"); // #pgs_name
        assertThat(f.variants().get(0).effectType()).isEqualTo(ScoringFile.EffectType.DOMINANT);
        assertThat(f.variants().get(1).effectType()).isEqualTo(ScoringFile.EffectType.RECESSIVE);
    }

    @Test
    void nonAdditiveFileIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> read("PGS004255_hmPOS_GRCh38.txt.gz"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("PGS004255_hmPOS_GRCh38.txt.gz")
                .hasMessageContaining("non-additive");
    }

    @Test
    void complexRowsWarnAndHlaAllelesAreKeptUnusable() throws Exception {
        // pgsc_calc keeps HLA/diplotype rows (no position, no rsID) and counts them unmatched: so do we.
        ScoringFile f = read("complex_variants_PGS000021.txt");
        assertThat(f.warnings())
                .anyMatch(w -> w.contains("complex file: 8 haplotype/diplotype/interaction rows, 0 of"));
        assertThat(f.warnings()).anyMatch(w -> w.contains("8 rows with an effect allele other than A/C/G/T"));
        assertThat(f.variants()).hasSize(33);
        assertThat(f.variants().stream().filter(v -> v.unusable() != null))
                .hasSize(8)
                .allMatch(v -> v.unusable().equals(ScoringFile.COMPLEX_ALLELE) && v.chr() == null)
                .allMatch(v -> !v.effectAllele().matches("[ACGT]+"));
        assertThat(f.variants().get(0).effectAllele()).isEqualTo("HLA-DR3/HLA-DR4; HLA-DQ8");
        assertThat(f.variants().get(0).line()).isEqualTo(2);

        ScoringFile g = read("complex_variants_PGS004239.txt"); // HLA rows on chr 6 without a position
        assertThat(g.variants()).hasSize(14);
        assertThat(g.variants().stream().filter(v -> v.unusable() == null)).hasSize(5);
        assertThat(g.variants().get(5).unusable()).isEqualTo(ScoringFile.COMPLEX_ALLELE);
        assertThat(g.variants().get(5).chr()).isNull();
    }

    @Test
    void rowsWithNothingToMatchOnAreUnusableNotFatal() throws Exception {
        // rsID '.' and no position columns (pygscatalog refuses the file; the issue asks for unmatched rows)
        ScoringFile f = read("invalid_scorefile.txt");
        assertThat(f.variants()).hasSize(3).allMatch(v -> ScoringFile.NO_POSITION_OR_RSID.equals(v.unusable()));
        assertThat(f.warnings()).anyMatch(w -> w.contains("3 rows with no position and no rsID are unmatched"));
        // harmonisation failed (hm_source Unknown, hm_chr/hm_pos empty): pgsc_calc's hm_* remap leaves no position
        ScoringFile h = read("bad_harmonised.txt");
        assertThat(h.variants()).hasSize(3).allMatch(v -> ScoringFile.HARMONISATION_FAILED.equals(v.unusable()));
        // a harmonized file never falls back to the author's chr_position (another build) when hm_pos is empty
        ScoringFile m = parse("chr_name\tchr_position\teffect_allele\teffect_weight\thm_chr\thm_pos\n"
                + "1\t100\tA\t0.1\t1\t150\n1\t200\tC\t0.2\t\t\n");
        assertThat(m.variants().get(0).pos()).isEqualTo(150);
        assertThat(m.variants().get(1).chr()).isNull();
        assertThat(m.variants().get(1).unusable()).isEqualTo(ScoringFile.HARMONISATION_FAILED);
        // without hm_* columns, a row with a chromosome but no position and no rsID
        // pygscatalog's lower-case alias rsid (OPGS files)
        assertThat(parse("rsid\teffect_allele\teffect_weight\nrs1\tA\t0.1\n")
                        .variants()
                        .get(0)
                        .rsId())
                .isEqualTo("rs1");
        ScoringFile p = parse("rsID\tchr_name\tchr_position\teffect_allele\teffect_weight\n.\t1\t\tA\t0.1\n");
        assertThat(p.variants().get(0).unusable()).isEqualTo(ScoringFile.NO_POSITION_OR_RSID);
        // an empty effect allele: unmatched, the rest of the file read
        ScoringFile e = parse("chr_name\tchr_position\teffect_allele\teffect_weight\n1\t100\t\t0.1\n1\t200\tA\t0.2\n");
        assertThat(e.variants()).hasSize(2);
        assertThat(e.variants().get(0).unusable()).isEqualTo(ScoringFile.NO_EFFECT_ALLELE);
        assertThat(e.variants().get(0).chr()).isNull();
        assertThat(e.variants().get(1).unusable()).isNull();
        assertThat(e.warnings()).anyMatch(w -> w.contains("1 rows with no effect allele are unmatched"));
    }

    @Test
    void plinkStyleMultiScore() throws Exception {
        ScoringFile f = read("multiscore.txt");
        assertThat(f.scoreNames()).containsExactly("PGS001229_22", "second_score");
        assertThat(f.variants()).hasSize(829);
        ScoringFile.Variant v = f.variants().get(0);
        assertThat(v.rsId()).isEqualTo("22:17080378:G:A");
        assertThat(v.chr()).isEqualTo("22");
        assertThat(v.pos()).isEqualTo(17080378);
        assertThat(v.otherAllele()).isEqualTo("A");
        assertThat(v.weights()).containsExactly(0.01045457, 0.01045457);

        ScoringFile r = parse("ID\tA1\tS\nrs1\tc\t0.5\n");
        assertThat(r.variants().get(0).chr()).isNull();
        assertThat(r.variants().get(0).effectAllele()).isEqualTo("C");
    }

    @Test
    void badRowsNameFileLineColumnValueAndFix() {
        assertThatThrownBy(() -> parse("#pgs_id=X\nchr_name\tchr_position\teffect_allele\teffect_weight\n"
                        + "1\t100\tA\t0.1\n1\t200\tC\tabc\n"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("mem.txt: line 4, column effect_weight: value 'abc'")
                .hasMessageContaining("numeric weight");
        assertThatThrownBy(() -> parse("chr_name\tchr_position\teffect_allele\teffect_weight\n1\tx\tA\t0.1\n"))
                .hasMessageContaining("line 2, column chr_position: value 'x'");
        assertThatThrownBy(
                        () -> parse("chr_name\tchr_position\teffect_allele\teffect_weight\tis_dominant\tis_recessive\n"
                                + "1\t5\tA\t0.1\tTRUE\tTRUE\n"))
                .hasMessageContaining("both set");
        assertThatThrownBy(() -> parse("chr_name\tchr_position\teffect_allele\teffect_weight\tis_dominant\n"
                        + "1\t5\tA\t0.1\tmaybe\n"))
                .hasMessageContaining("column is_dominant: value 'maybe'");
        assertThatThrownBy(() -> parse("chr_name\tchr_position\tother_allele\teffect_weight\n1\t5\tA\t0.1\n"))
                .hasMessageContaining("no effect_allele column");
    }

    /**
     * The row splitter (a tab scan, not {@code String.split}): a short row names its column count, trailing and extra
     * fields, empty fields, padded values and contig names that change from row to row read as before.
     */
    @Test
    void rowsSplitOnTabsWithEmptyExtraAndPaddedFields() throws Exception {
        String header = "chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\trsID\n";
        assertThatThrownBy(() -> parse(header + "1\t100\tA\tG\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("has 4 tab-separated columns, the header has 6");
        ScoringFile f = parse(header
                + "chr1\t100\ta\tg\t0.5\trs1\textra\tfields\n"
                + " 1 \t 200 \tC\t\t-1e-3\t\n"
                + "X\t300\tT\tA/C\t2\t.\n"
                + "\t\tG\tT\t0.25\trs4\n"
                + "chr1\t400\tA\tC\t1\trs5\n");
        assertThat(f.variants()).hasSize(5);
        ScoringFile.Variant a = f.variants().get(0);
        assertThat(a.chr()).isEqualTo("1");
        assertThat(a.pos()).isEqualTo(100);
        assertThat(a.effectAllele()).isEqualTo("A");
        assertThat(a.otherAllele()).isEqualTo("G");
        assertThat(a.rsId()).isEqualTo("rs1");
        ScoringFile.Variant b = f.variants().get(1);
        assertThat(b.chr()).isEqualTo("1");
        assertThat(b.pos()).isEqualTo(200);
        assertThat(b.otherAllele()).isNull();
        assertThat(b.rsId()).isNull();
        assertThat(b.weights()).containsExactly(-1e-3);
        ScoringFile.Variant c = f.variants().get(2);
        assertThat(c.chr()).isEqualTo("X");
        assertThat(c.otherAllele()).isNull(); // A/C: ambiguous other allele
        assertThat(c.rsId()).isNull();
        ScoringFile.Variant d = f.variants().get(3);
        assertThat(d.chr()).isNull();
        assertThat(d.pos()).isZero();
        assertThat(d.rsId()).isEqualTo("rs4");
        assertThat(f.variants().get(4).chr()).isEqualTo("1");
        assertThat(f.variants().get(4).line()).isEqualTo(6);
    }
}
