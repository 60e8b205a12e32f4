package org.musubi.genome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contig names read as plink2 reads chromosome codes; the cases each former copy of the rule handled. */
class ContigTest {
    @Test
    void chromosomeNames() {
        // from ScoringFileTest (prs matched contigs so)
        assertThat(Contig.canonical("chr22")).isEqualTo("22");
        assertThat(Contig.canonical("23")).isEqualTo("X");
        assertThat(Contig.canonical("chrM")).isEqualTo("MT");
        assertThat(Contig.canonical("x")).isEqualTo("X");
        assertThat(Contig.canonical("CHR01")).isEqualTo("1");
        assertThat(Contig.canonical("25")).isEqualTo("XY");
        assertThat(Contig.canonical("par2")).isEqualTo("XY");
        assertThat(Contig.canonical("26")).isEqualTo("MT");
        assertThat(Contig.canonical("chrUn_gl000220")).isEqualTo("Un_gl000220");
        assertThat(Contig.canonical("27")).isEqualTo("27");
    }

    @Test
    void kinds() {
        for (String x : List.of("X", "chrX", "23", "chr23", "x", "Chrx")) {
            assertThat(Contig.kind(x)).as(x).isEqualTo(Contig.Kind.X);
            assertThat(Contig.isX(x)).isTrue();
        }
        for (String y : List.of("Y", "chrY", "24", "y")) {
            assertThat(Contig.kind(y)).as(y).isEqualTo(Contig.Kind.Y);
            assertThat(Contig.isY(y)).isTrue();
        }
        for (String m : List.of("MT", "chrM", "M", "26", "chrMT", "mt")) {
            assertThat(Contig.kind(m)).as(m).isEqualTo(Contig.Kind.MT);
        }
        for (String xy : List.of("XY", "chrXY", "PAR1", "PAR2", "25")) {
            assertThat(Contig.kind(xy)).as(xy).isEqualTo(Contig.Kind.XY);
        }
        for (String a : List.of("1", "chr1", "22", "09")) {
            assertThat(Contig.kind(a)).as(a).isEqualTo(Contig.Kind.AUTOSOME);
        }
        for (String o : List.of("0", "27", "100", "chrUn_gl000220", "", "chr", "Xq", "MTX")) {
            assertThat(Contig.kind(o)).as(o).isEqualTo(Contig.Kind.OTHER);
            assertThat(Contig.plinkCode(o)).isZero();
        }
    }

    @Test
    void plinkCodes() {
        assertThat(Contig.plinkCode("chr7")).isEqualTo(7);
        assertThat(Contig.plinkCode("X")).isEqualTo(23);
        assertThat(Contig.plinkCode("Y")).isEqualTo(24);
        assertThat(Contig.plinkCode("XY")).isEqualTo(25);
        assertThat(Contig.plinkCode("chrM")).isEqualTo(26);
    }

    @Test
    void ssfCodes() {
        // a table's contig names (gwas writes these)
        assertThat(Contig.ssfCode("chr1")).isEqualTo("1");
        assertThat(Contig.ssfCode("01")).isEqualTo("1");
        assertThat(Contig.ssfCode("X")).isEqualTo("23");
        assertThat(Contig.ssfCode("23")).isEqualTo("23");
        assertThat(Contig.ssfCode("XY")).isEqualTo("23");
        assertThat(Contig.ssfCode("PAR1")).isEqualTo("23");
        assertThat(Contig.ssfCode("25")).isEqualTo("23");
        assertThat(Contig.ssfCode("chrY")).isEqualTo("24");
        assertThat(Contig.ssfCode("chrM")).isEqualTo("25");
        assertThat(Contig.ssfCode("26")).isEqualTo("25");
        assertThat(Contig.ssfCode("chrUn_gl000220")).isNull();
        // values of an SSF file's chromosome column (meta reads these): numbers are SSF codes, 25 is MT
        assertThat(Contig.ssfCodeOfSsfValue("25")).isEqualTo("25");
        assertThat(Contig.ssfCodeOfSsfValue("23")).isEqualTo("23");
        assertThat(Contig.ssfCodeOfSsfValue("chr02")).isEqualTo("2");
        assertThat(Contig.ssfCodeOfSsfValue("26")).isNull();
        assertThat(Contig.ssfCodeOfSsfValue("0")).isNull();
        assertThat(Contig.ssfCodeOfSsfValue("XY")).isEqualTo("23");
        assertThat(Contig.ssfCodeOfSsfValue("Chrmt")).isEqualTo("25");
        assertThat(Contig.ssfCodeOfSsfValue("GL000220")).isNull();
        for (int code = 1; code <= 25; code++) {
            String name = Contig.SSF_NAMES.get(code - 1);
            assertThat(Contig.ssfCode(name)).isEqualTo(Integer.toString(code));
        }
    }

    @Test
    void genomeOrder() {
        List<String> c = new ArrayList<>(List.of("chrUn_b", "MT", "XY", "chr10", "Y", "2", "X", "chrUn_a", "1"));
        c.sort(Contig.ORDER);
        assertThat(c).containsExactly("1", "2", "chr10", "X", "Y", "XY", "MT", "chrUn_a", "chrUn_b");
    }

    @Test
    void parsViaTheBuild() {
        assertThat(GenomeBuild.isXNonPar("chrX", 60_001, GenomeBuild.GRCh37)).isFalse();
        assertThat(GenomeBuild.isXNonPar("x", 3_000_000, GenomeBuild.GRCh37)).isTrue();
        assertThat(GenomeBuild.isXNonPar("23", 10_001, null)).isFalse();
        assertThat(GenomeBuild.isXNonPar("XY", 3_000_000, GenomeBuild.GRCh38)).isFalse();
        assertThat(GenomeBuild.isXNonPar("22", 3_000_000, GenomeBuild.GRCh38)).isFalse();
    }
}
