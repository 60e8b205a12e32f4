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
    void complexRowsWarnAndHlaAllelesAreDropped() throws Exception {
        ScoringFile f = read("complex_variants_PGS000021.txt");
        assertThat(f.warnings()).anyMatch(w -> w.contains("complex file"));
        assertThat(f.warnings()).anyMatch(w -> w.contains("other than A/C/G/T"));
        assertThat(f.variants()).allMatch(v -> v.effectAllele().matches("[ACGT]+"));
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
        // rsID '.' and no position: nothing to match on
        assertThatThrownBy(() -> read("invalid_scorefile.txt"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("invalid_scorefile.txt: line");
    }
}
