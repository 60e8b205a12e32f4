package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.musubi.format.calls.GenotypeCode.HET;
import static org.musubi.format.calls.GenotypeCode.HOM_ALT;
import static org.musubi.format.calls.GenotypeCode.HOM_REF;
import static org.musubi.format.calls.GenotypeCode.MISSING;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;
import org.musubi.io.vcf.BadRecordException.Reason;
import org.musubi.io.vcf.VcfRecordParser.DosageField;

/** The record parser on hand-built lines: genotype codes, dosages, and the record checks. No Spark. */
class VcfRecordParserTest {
    private static final String FIXED = "1\t100\trs1\tA\tG\t50\tPASS\t.\t";

    /** A line of {@code FIXED} with the FORMAT column and sample columns given. */
    static String line(String format, String... samples) {
        return FIXED + format + "\t" + String.join("\t", samples);
    }

    /** A record at {@code pos} with REF A and the ALT, FORMAT and sample columns given. */
    static String at(int pos, String alt, String format, String... samples) {
        return "1\t" + pos + "\t.\tA\t" + alt + "\t.\t.\t.\t" + format + "\t" + String.join("\t", samples);
    }

    static void parse(VcfRecordParser p, String line) throws BadRecordException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        p.parse(b, b.length);
    }

    static VcfRecordParser parsed(int n, DosageField d, String line) throws BadRecordException {
        VcfRecordParser p = new VcfRecordParser(n, d);
        parse(p, line);
        return p;
    }

    /** The error parsing {@code line} raises, or null if it parses. */
    static BadRecordException bad(VcfRecordParser p, String line) {
        try {
            parse(p, line);
            return null;
        } catch (BadRecordException e) {
            return e;
        }
    }

    static BadRecordException bad(int n, String line) {
        return bad(new VcfRecordParser(n, DosageField.NONE), line);
    }

    static byte[] row(byte[] codes, int n) {
        return java.util.Arrays.copyOf(codes, n);
    }

    /** The parser with checks from a header made of {@code metaLines}. */
    static VcfRecordParser withHeader(int n, String... metaLines) {
        VcfHeaderInfo h = VcfHeaderInfo.fromMetaLines(List.of(metaLines));
        return new VcfRecordParser(n, DosageField.NONE, h.recordChecks());
    }

    // ---------------------------------------------------------------- genotypes

    @Test
    void biallelicDiploid() throws Exception {
        VcfRecordParser p = parsed(5, DosageField.NONE, line("GT", "0/0", "0/1", "1/1", "./.", "1/0"));
        assertThat(p.contig).isEqualTo("1");
        assertThat(p.pos).isEqualTo(100);
        assertThat(p.id).isEqualTo("rs1");
        assertThat(p.ref).isEqualTo("A");
        assertThat(p.altCount).isEqualTo(1);
        assertThat(p.alts[0]).isEqualTo("G");
        assertThat(p.qual).isEqualTo(50.0);
        assertThat(p.filters).containsExactly("PASS");
        assertThat(row(p.gt[0], 5)).containsExactly(HOM_REF, HET, HOM_ALT, MISSING, HET);
        assertThat(p.anyPloidy).isFalse();
        assertThat(p.anyPhase).isFalse();
        assertThat(p.anyDosage).isFalse();
    }

    @Test
    void haploidCallsBesideDiploidOnes() throws Exception {
        VcfRecordParser p = parsed(4, DosageField.NONE, line("GT", "0", "1", ".", "0/1"));
        assertThat(row(p.gt[0], 4)).containsExactly(HOM_REF, HOM_ALT, MISSING, HET);
        assertThat(p.anyPloidy).isTrue();
        assertThat(row(p.ploidy[0], 4))
                .containsExactly(PloidyCode.HAPLOID, PloidyCode.HAPLOID, PloidyCode.HAPLOID, PloidyCode.DIPLOID);
    }

    @Test
    void halfMissingCallsKeepTheKnownAllele() throws Exception {
        VcfRecordParser p = parsed(4, DosageField.NONE, line("GT", "0/.", "./1", "1/.", "0/0"));
        assertThat(row(p.gt[0], 4)).containsExactly(MISSING, MISSING, MISSING, HOM_REF);
        assertThat(row(p.ploidy[0], 4))
                .containsExactly(PloidyCode.HALF_REF, PloidyCode.HALF_ALT, PloidyCode.HALF_ALT, PloidyCode.DIPLOID);
        assertThat(p.anyPhase).isFalse();
    }

    @Test
    void phasedHetsRecordWhichHaplotypeCarriesTheAlt() throws Exception {
        VcfRecordParser p = parsed(6, DosageField.NONE, line("GT", "0|1", "1|0", "1|1", "0/1", ".|0", "0|."));
        assertThat(row(p.gt[0], 6)).containsExactly(HET, HET, HOM_ALT, HET, MISSING, MISSING);
        assertThat(row(p.phase[0], 6))
                .containsExactly(
                        PhaseCode.PHASED,
                        PhaseCode.PHASED_SWAPPED,
                        PhaseCode.PHASED,
                        PhaseCode.UNPHASED,
                        PhaseCode.PHASED_SWAPPED,
                        PhaseCode.PHASED);
    }

    @Test
    void multiallelicCallsSplitPerAltWithOtherAltsAsRef() throws Exception {
        String l = "1\t100\t.\tA\tG,T\t.\t.\t.\tGT\t1/2\t2/2\t0/2\t1/1\t./1\t2|1";
        VcfRecordParser p = parsed(6, DosageField.NONE, l);
        assertThat(p.altCount).isEqualTo(2);
        // Row of ALT 1 (G): T counts as REF.
        assertThat(row(p.gt[0], 6)).containsExactly(HET, HOM_REF, HOM_REF, HOM_ALT, MISSING, HET);
        // Row of ALT 2 (T): G counts as REF.
        assertThat(row(p.gt[1], 6)).containsExactly(HET, HOM_ALT, HET, HOM_REF, MISSING, HET);
        assertThat(p.ploidy[0][4]).isEqualTo((byte) PloidyCode.HALF_ALT);
        assertThat(p.ploidy[1][4]).isEqualTo((byte) PloidyCode.HALF_REF);
        // 2|1: ALT 2 is on the first haplotype, ALT 1 on the second.
        assertThat(p.phase[0][5]).isEqualTo((byte) PhaseCode.PHASED);
        assertThat(p.phase[1][5]).isEqualTo((byte) PhaseCode.PHASED_SWAPPED);
    }

    @Test
    void alleleIndexOutOfRangeIsABadGenotype() {
        BadRecordException e = bad(2, line("GT", "0/1", "0/2"));
        assertThat(e.reason).isEqualTo(Reason.BAD_GT);
        assertThat(e.field).isEqualTo("sample 2 GT");
        assertThat(e.value).isEqualTo("0/2");
        assertThat(e.describe()).contains("allele index 2 but the record has 1 ALT allele(s)");
        // With ALT '.', allele 1 does not exist either.
        assertThat(bad(1, "1\t100\t.\tA\t.\t.\t.\t.\tGT\t0|1").reason).isEqualTo(Reason.BAD_GT);
    }

    @Test
    void ploidyThreeIsRefused() {
        BadRecordException e = bad(2, line("GT", "0/1", "0/0/1"));
        assertThat(e.reason).isEqualTo(Reason.BAD_PLOIDY);
        assertThat(e.field).isEqualTo("sample 2 GT");
        assertThat(e.describe()).contains("ploidy above 2");
    }

    @Test
    void malformedGenotypes() {
        assertThat(bad(1, line("GT", "0/|1")).reason).isEqualTo(Reason.BAD_GT);
        assertThat(bad(1, line("GT", "1/C")).reason).isEqualTo(Reason.BAD_GT);
        assertThat(bad(1, line("GT:DS", "0.000:0.1")).reason).isEqualTo(Reason.BAD_GT);
        assertThat(bad(1, line("GT:DP", "0/1:3:9")).reason).isEqualTo(Reason.BAD_SAMPLE_FIELD);
        assertThat(bad(2, line("GT", "0/1")).reason).isEqualTo(Reason.COLUMN_COUNT);
        assertThat(bad(1, line("GT", "0/1", "0/1")).reason).isEqualTo(Reason.COLUMN_COUNT);
    }

    // ---------------------------------------------------------------- dosages

    @Test
    void dsDosages() throws Exception {
        VcfRecordParser p = parsed(4, DosageField.DS, line("GT:DS", "0/1:0.9", "1/1:2", "./.:.", "0/0"));
        assertThat(p.anyDosage).isTrue();
        assertThat(p.dosage[0][0]).isEqualTo(0.9, within(1e-12));
        assertThat(p.dosage[0][1]).isEqualTo(2.0);
        assertThat(p.dosage[0][2]).isNaN();
        assertThat(p.dosage[0][3]).isNaN(); // DS subfield absent
        // One DS per ALT on a multi-allelic record.
        p = parsed(1, DosageField.DS, "1\t100\t.\tA\tG,T\t.\t.\t.\tGT:DS\t1/2:0.1,0.8");
        assertThat(p.dosage[0][0]).isEqualTo(0.1, within(1e-12));
        assertThat(p.dosage[1][0]).isEqualTo(0.8, within(1e-12));
        assertThat(bad(new VcfRecordParser(1, DosageField.DS), line("GT:DS", "0/1:2.5")).reason)
                .isEqualTo(Reason.BAD_DOSAGE);
        assertThat(bad(new VcfRecordParser(1, DosageField.DS), line("GT:DS", "0/1:x")).reason)
                .isEqualTo(Reason.BAD_DOSAGE);
        assertThat(bad(new VcfRecordParser(1, DosageField.DS), line("GT:DS", "0/1:0.5,0.5")).reason)
                .isEqualTo(Reason.BAD_DOSAGE);
    }

    @Test
    void gpDosagesAreTheExpectedAltCount() throws Exception {
        VcfRecordParser p = parsed(3, DosageField.GP, line("GT:GP", "0/1:0.1,0.2,0.7", "1:0.3,0.7", "./.:."));
        assertThat(p.dosage[0][0]).isEqualTo(0.2 + 2 * 0.7, within(1e-12));
        assertThat(p.dosage[0][1]).isEqualTo(0.7, within(1e-12));
        assertThat(p.dosage[0][2]).isNaN();
        // GP dosages are taken for biallelic records only.
        p = parsed(1, DosageField.GP, "1\t100\t.\tA\tG,T\t.\t.\t.\tGT:GP\t1/2:0,0,0,1,0,0");
        assertThat(p.anyDosage).isFalse();
    }

    // ---------------------------------------------------------------- fixed columns

    @Test
    void qualIsANonNegativeFloatWithNanAndInfInAnyCase() throws Exception {
        VcfRecordParser p = new VcfRecordParser(0, DosageField.NONE);
        int pos = 1;
        for (String q : List.of("NaN", "nan", "-nan", "+NAN", "nAn")) {
            parse(p, "1\t" + pos++ + "\t.\tA\tG\t" + q + "\t.\t.");
            assertThat(p.qual).as(q).isNaN();
        }
        for (String q : List.of("Inf", "+inf", "INFINITY", "infinity")) {
            parse(p, "1\t" + pos++ + "\t.\tA\tG\t" + q + "\t.\t.");
            assertThat(p.qual).as(q).isInfinite().isPositive();
        }
        parse(p, "1\t" + pos + "\t.\tA\tG\t2e+1\t.\t.");
        assertThat(p.qual).isEqualTo(20.0);
        assertThat(bad(p, "1\t1\t.\tA\tG\t-inf\t.\t.").reason).isEqualTo(Reason.BAD_QUAL);
        assertThat(bad(p, "1\t1\t.\tA\tG\t-1\t.\t.").reason).isEqualTo(Reason.BAD_QUAL);
        assertThat(bad(p, "1\t1\t.\tA\tG\tquality\t.\t.").reason).isEqualTo(Reason.BAD_QUAL);
        assertThat(bad(p, "1\t1\t.\tA\tG\t0x1p3\t.\t.").reason).isEqualTo(Reason.BAD_QUAL);
    }

    @Test
    void contigNamesFollowTheVcf43Grammar() throws Exception {
        VcfRecordParser p = new VcfRecordParser(0, DosageField.NONE);
        for (String c : List.of("chr1", "<2>", "HLA-A*01:01:01:01", "1.A", "chrUn_KI270302v1")) {
            parse(p, c + "\t1\t.\tA\tG\t.\t.\t.");
            assertThat(p.contig).isEqualTo(c);
        }
        for (String c : List.of("<1", "chr 1", "chr,1", "*1", "=1", "chr[1]", "")) {
            assertThat(bad(p, c + "\t1\t.\tA\tG\t.\t.\t.").reason).as(c).isEqualTo(Reason.BAD_CHROM);
        }
    }

    @Test
    void idRefAltFilterSyntax() {
        VcfRecordParser p = new VcfRecordParser(0, DosageField.NONE);
        assertThat(bad(p, "1\t1\t;rs1\tA\tG\t.\t.\t.").reason).isEqualTo(Reason.BAD_ID);
        assertThat(bad(p, "1\t1\trs1;rs1\tA\tG\t.\t.\t.").reason).isEqualTo(Reason.BAD_ID);
        assertThat(bad(p, "1\t1\t.\t.\tG\t.\t.\t.").reason).isEqualTo(Reason.BAD_REF);
        assertThat(bad(p, "1\t1\t.\tC,A\tG\t.\t.\t.").reason).isEqualTo(Reason.BAD_REF);
        assertThat(bad(p, "1\t1\t.\tA\tR\t.\t.\t.").reason).isEqualTo(Reason.BAD_ALT);
        assertThat(bad(p, "1\t1\t.\tA\tG,,T\t.\t.\t.").reason).isEqualTo(Reason.BAD_ALT);
        assertThat(bad(p, "1\t1\t.\tA\t<INS>X>\t.\t.\t.").reason).isEqualTo(Reason.BAD_ALT);
        assertThat(bad(p, "1\t1\t.\tA\t[1:100[\t.\t.\t.").reason).isEqualTo(Reason.BAD_ALT);
        assertThat(bad(p, "1\t1\t.\tA\tG\t.\tq10;.\t.").reason).isEqualTo(Reason.BAD_FILTER);
        assertThat(bad(p, "1\t1\t.\tA\tG\t.\tPASS;\t.").reason).isEqualTo(Reason.BAD_FILTER);
        assertThat(bad(p, "1\t1\t.\tA\tG\t.\tq1;q1\t.").reason).isEqualTo(Reason.BAD_FILTER);
    }

    // ---------------------------------------------------------------- INFO

    @Test
    void infoAgainstReservedKeys() throws Exception {
        VcfRecordParser p = new VcfRecordParser(0, DosageField.NONE);
        String ok = "AC=1,2;AN=6;AF=0.1,1e-3;DP=10;DB;H2=0;AA=ACGT;CIGAR=1M2I,3D;UNDECLARED=x y,z;;";
        parse(p, "1\t1\t.\tA\tG,T\t.\t.\t" + ok);
        assertThat(p.infoValue("AN")).isEqualTo("6");
        for (String info : List.of(
                "AC=1", // Number=A, 2 ALT alleles
                "AC=-1,1",
                "AC=1.5,1",
                "AF=x,0.1",
                "AF=-0.1,0.1",
                "DB=2",
                "AA=1,23",
                "CIGAR=0.05,1M",
                "AN=1;AN=1",
                "RS Q=1",
                "DP")) {
            BadRecordException e = bad(p, "1\t1\t.\tA\tG,T\t.\t.\t" + info);
            assertThat(e).as(info).isNotNull();
            assertThat(e.reason).as(info).isEqualTo(Reason.BAD_INFO);
            assertThat(e.fix).as(info).isNotBlank();
        }
    }

    @Test
    void infoAgainstHeaderDefinitions() throws Exception {
        VcfRecordParser p = withHeader(
                0,
                "##fileformat=VCFv4.3",
                "##INFO=<ID=I,Number=1,Type=Integer,Description=\"x\">",
                "##INFO=<ID=R,Number=R,Type=Float,Description=\"x\">",
                "##INFO=<ID=C,Number=2,Type=Character,Description=\"x\">",
                "##INFO=<ID=F,Number=0,Type=Flag,Description=\"x\">",
                "##INFO=<ID=S,Number=1,Type=String,Description=\"free text\">",
                "##INFO=<ID=AF,Number=1,Type=Float,Description=\"Minimac\">");
        parse(p, "1\t1\t.\tA\tG\t.\t.\tI=-2147483640;R=0.5,NaN;C=a,b;F;S=a, b;AF=0.3");
        parse(p, "1\t2\t.\tA\tG,T\t.\t.\tR=.;AF=0.1,0.2;I=.");
        for (String info : List.of(
                "I=2147483648",
                "I=-2147483648",
                "I=-2147483641",
                "I=-2147483649",
                "I=1,2",
                "R=1",
                "C=ab,c",
                "F=9",
                "I=")) {
            BadRecordException e = bad(p, "1\t3\t.\tA\tG\t.\t.\t" + info);
            assertThat(e).as(info).isNotNull();
            assertThat(e.reason).as(info).isEqualTo(Reason.BAD_INFO);
        }
        assertThat(bad(p, "1\t3\t.\tA\tG\t.\t.\tI=-2147483648").describe()).contains("BCF reserves");
    }

    // ---------------------------------------------------------------- FORMAT

    @Test
    void formatValueCountsFollowNumberAndPloidy() throws Exception {
        VcfRecordParser p = withHeader(
                2,
                "##fileformat=VCFv4.3",
                "##FORMAT=<ID=AL,Number=A,Type=Float,Description=\"x\">",
                "##FORMAT=<ID=RL,Number=R,Type=Integer,Description=\"x\">",
                "##FORMAT=<ID=CH,Number=1,Type=Character,Description=\"x\">");
        // PL is reserved (Number=G, Integer) even when the header does not define it.
        parse(p, at(100, "G", "GT:PL:AL:RL:CH", "0/1:0,10,100:0.5:3,4:A", "1:0,7:.:.:."));
        parse(p, at(101, "G", "GT:PL", ".:0,1", ".:0,1,2")); // unknown ploidy: haploid or diploid count
        parse(p, at(102, "G", "PL", "0,1,2", "0,1")); // no GT: either count
        parse(p, at(103, "G,T", "GT:PL:AL:RL", "1/2:0,1,2,3,4,5:0.1,0.2:1,2,3", "2:0,1,2:.:."));
        for (String[] s : List.of(
                new String[] {"GT:PL", "0/1:0,10", "0/0:.", "PL"},
                new String[] {"GT:PL", "0:0,1,2", "0/0:.", "PL"},
                new String[] {"GT:AL", "0/1:1,2", "0/0:.", "AL"},
                new String[] {"GT:RL", "0/1:1", "0/0:.", "RL"},
                new String[] {"GT:RL", "0/1:1,x", "0/0:.", "RL"},
                new String[] {"GT:GQ", "0/1:NaN", "0/0:.", "GQ"},
                new String[] {"GT:GQ", "0/1:1.5", "0/0:.", "GQ"},
                new String[] {"GT:GL", "0/1:-1,-2,abc", "0/0:.", "GL"},
                new String[] {"GT:CH", "0/1:AB", "0/0:.", "CH"})) {
            BadRecordException e = bad(p, at(200, "G", s[0], s[1], s[2]));
            assertThat(e).as(s[0] + " " + s[1]).isNotNull();
            assertThat(e.reason).as(s[1]).isEqualTo(Reason.BAD_SAMPLE_FIELD);
            assertThat(e.field).isEqualTo("sample 1 " + s[3]);
        }
        // Float specials and missing elements pass the exact check.
        parse(p, at(400, "G", "GT:GL:GQ", "0/1:-inf,NaN,.:.", "0/0:.:5"));
    }

    @Test
    void formatKeysAndMissingFormat() throws Exception {
        assertThat(bad(1, line("GT::GL", "0/1::1,2,3")).reason).isEqualTo(Reason.BAD_FORMAT);
        assertThat(bad(1, line("GT:1GS", "0/1:1")).reason).isEqualTo(Reason.BAD_FORMAT);
        assertThat(bad(1, line("GT:GL:GL", "0/1:1,2,3:1,2,3")).reason).isEqualTo(Reason.BAD_FORMAT);
        assertThat(bad(1, line("DP:GT", "3:0/1")).reason).isEqualTo(Reason.BAD_FORMAT);
        // FORMAT '.': no sample data; each sample column is '.'.
        VcfRecordParser p = parsed(2, DosageField.NONE, line(".", ".", "."));
        assertThat(row(p.gt[0], 2)).containsExactly(MISSING, MISSING);
        assertThat(bad(2, line(".", ".", "0/1")).reason).isEqualTo(Reason.BAD_SAMPLE_FIELD);
        // The FORMAT of the previous record is reused only when it is byte-identical.
        p = new VcfRecordParser(1, DosageField.NONE);
        parse(p, at(100, "G", "GT:DP", "0/1:3"));
        parse(p, at(101, "G", "GT:PL", "0/1:1,2,3"));
        assertThat(bad(p, at(102, "G", "GT:PL", "0/1:1,2")).reason).isEqualTo(Reason.BAD_SAMPLE_FIELD);
        parse(p, at(103, "G", "GT:DP", "0/1:7"));
        BadRecordException e = bad(p, at(104, "G", "GT:DP", "0/1:1,2"));
        assertThat(e.field).isEqualTo("sample 1 DP");
        assertThat(e.describe()).contains("Number=1");
    }

    // ---------------------------------------------------------------- duplicates

    @Test
    void duplicatesAreFoundOnceTrimmed() throws Exception {
        VcfRecordParser p = new VcfRecordParser(0, DosageField.NONE);
        parse(p, "1\t123\t.\tTAT\tTGT\t.\t.\t.");
        BadRecordException e = bad(p, "1\t124\t.\tA\tG\t.\t.\t.");
        assertThat(e.reason).isEqualTo(Reason.DUPLICATE);
        assertThat(e.describe()).contains("1:123 TAT>TGT");

        p = new VcfRecordParser(0, DosageField.NONE);
        parse(p, "1\t127\t.\tTTTAT\tTTTGT,T\t.\t.\t.");
        assertThat(bad(p, "1\t128\t.\tTTAT\tTTGT,T\t.\t.\t.").reason).isEqualTo(Reason.DUPLICATE);
        parse(p, "1\t129\t.\tT\tG\t.\t.\t.");
        assertThat(bad(p, "1\t130\t.\tA\tG\t.\t.\t.").describe()).contains("duplicates the earlier record 1:127");

        p = new VcfRecordParser(0, DosageField.NONE);
        parse(p, "1\t123\t.\tAT\tAAT,AA\t.\t.\t.");
        assertThat(bad(p, "1\t124\t.\tT\tA\t.\t.\t.").reason).isEqualTo(Reason.DUPLICATE);
        // Same position, other alleles; symbolic alleles and other contigs are not compared here.
        parse(p, "1\t124\t.\tT\tC\t.\t.\t.");
        parse(p, "1\t124\t.\tT\t<DEL>\t.\t.\t.");
        parse(p, "2\t124\t.\tT\tA\t.\t.\t.");
        // One ALT allele twice in a record.
        assertThat(bad(p, "2\t200\t.\tA\tG,G\t.\t.\t.").describe()).contains("appears twice in the record");
    }
}
