package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import htsjdk.variant.vcf.VCFHeaderLineCount;
import htsjdk.variant.vcf.VCFHeaderLineType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.io.InputFile;

/** Header checks on hand-built headers: what is refused (with file and line) and what real tools write that is not. */
class VcfHeaderInfoTest {
    @TempDir
    Path tmp;

    private int files;

    VcfHeaderInfo read(String... lines) throws Exception {
        Path p = tmp.resolve("h" + (files++) + ".vcf");
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return VcfHeaderInfo.read(InputFile.probe(p.toString(), new Configuration()), new Configuration());
    }

    static final String V43 = "##fileformat=VCFv4.3";
    static final String CHROM = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1";

    /** The message of the error reading a header of {@code meta} lines between the fileformat and #CHROM lines. */
    String error(String... meta) {
        String[] lines = new String[meta.length + 2];
        lines[0] = V43;
        System.arraycopy(meta, 0, lines, 1, meta.length);
        lines[lines.length - 1] = CHROM;
        Throwable t = catchThrowable(() -> read(lines));
        assertThat(t).as(String.join(" / ", meta)).isInstanceOf(MusubiUserException.class);
        return t.getMessage();
    }

    @Test
    void realWorldHeadersAreAccepted() throws Exception {
        VcfHeaderInfo h = read(
                "##fileformat=VCFv4.2",
                "##FILTER=<ID=PASS,Description=\"All filters passed\">",
                // GATK 3: AD with Number=.; Minimac: AF Number=1, GP Number=3; the spec example: no Description.
                "##FORMAT=<ID=AD,Number=.,Type=Integer,Description=\"Allelic depths\">",
                "##FORMAT=<ID=GP,Number=3,Type=Float,Description=\"Posterior probabilities\">",
                "##FORMAT=<ID=MIN_DP,Number=1,Type=Integer,Description=\"GATK gVCF\">",
                "##INFO=<ID=AF,Number=1,Type=Float,Description=\"Estimated Alternate Allele Frequency\">",
                "##INFO=<ID=HOMSEQ,Number=.,Type=String>",
                "##INFO=<ID=GERP++_RS,Number=1,Type=Float,Description=\"ANNOVAR key\">",
                "##ALT=<ID=NON_REF,Description=\"Represents any possible alternative allele\">",
                "##ALT=<ID=*,Description=\"bcftools gVCF\">",
                "##ALT=<ID=INS:ME:ALU,Description=\"Insertion of ALU element\">",
                "##contig=<ID=HLA-A*01:01:01:01,length=3503>",
                "##contig=<ID=chr1,length=248956422,assembly=GRCh38,species=\"Homo sapiens\">",
                "##SAMPLE=<ID=NORMAL,Description=\"TCGA style\",Platform=Illumina>",
                "##GATKCommandLine=<ID=HaplotypeCaller,Version=4.1,Date=\"Mon Jul 01 11:58:36 EDT 2013\">",
                "##VEP=\"v104\" time=\"2021-05-20 10:00:00\" cache=\"/cache\"",
                "##source_20130015.4=vcf-annotate(r810) -d key=INFO,ID=x,Number=0",
                "##assembly=GRCh38",
                "##pedigreeDB=http://123.0.1.2:8080/valid/host/to/file.db",
                "##title=<\"a quoted title, with commas\">",
                CHROM);
        assertThat(h.samples).containsExactly("S1");
        assertThat(h.contigLengths).containsEntry("HLA-A*01:01:01:01", 3503L);
        assertThat(h.format.get("GP").type()).isEqualTo(VCFHeaderLineType.Float);
        // Records may give AF one value (as declared) or one per ALT allele (as reserved); htsjdk may already have
        // repaired the definition to the standard one.
        VcfRecordChecks.Def af = h.recordChecks().infoDef("AF");
        assertThat(List.of(af.kind(), af.kind2())).contains(VcfRecordChecks.PER_ALT);
        assertThat(h.info.get("AF").countType()).isIn(VCFHeaderLineCount.INTEGER, VCFHeaderLineCount.A);
    }

    @Test
    void structuralProblemsNameTheLine() {
        assertThat(error("##Some random plain text")).contains("header line 2").contains("not a '##key=value'");
        assertThat(error("##reference=")).contains("header line 2").contains("no value");
        assertThat(error("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Raw read depth\""))
                .contains("does not end with '>'");
        assertThat(error("##ALT=<ID=DEL,Description=\"a \"non-escaped\" quote\">"))
                .contains("escaped");
        assertThat(error("##INFO=<ID=X,Number=1,Type=Integer,Description=\"unclosed>"))
                .contains("not closed");
        assertThat(error("##contig=<ID=1,A,length=1>")).contains("'A' is not a key=value field");
        assertThat(error("##contig=<ID=1 A>")).contains("whitespace");
        assertThat(error("##contig=<length=5>")).contains("must start with ID=");
        assertThat(error("##INFO=<Number=1,Type=Integer,Description=\"x\",ID=DP>"))
                .contains("must start with ID=");
        assertThat(error("##FILTER=<ID=q10,Description=Quality>")).contains("double quotes");
        assertThat(error("##SAMPLE=<ID=1.*>")).contains("may only hold");
        assertThat(error("##PEDIGREE=<ID=P1,Name_1=Some:thing>")).contains("may only hold");
        assertThat(error("##pedigreeDB=<>")).contains("holds nothing");
        assertThat(error("##assembly=ftp://8080:8080/not-valid/host")).contains("not a valid URL");
        assertThat(error("##META=<ID=Assay,Type=String,Number=N,Values=[a, b]>"))
                .contains("Number=N");
        assertThat(error("##ALT=<ID=THIS:IS-NOT-VALID,Description=\"x\">")).contains("not DEL, INS, DUP");
        assertThat(error("##ALT=<ID=DEL,Number=1,Description=\"x\">")).contains("##ALT lines hold ID");
    }

    @Test
    void infoAndFormatDefinitions() {
        assertThat(error("##INFO=<ID=DP,Number=N,Type=Integer,Description=\"x\">"))
                .contains("Number=N");
        assertThat(error("##INFO=<ID=DP,Number=1,Type=Int,Description=\"x\">")).contains("Type=Int");
        assertThat(error("##INFO=<ID=X,Type=Integer,Number=1,Description=\"x\">"))
                .contains("ID, Number, Type");
        assertThat(error("##FORMAT=<ID=F,Number=0,Type=Flag,Description=\"x\">"))
                .contains("Type=Flag");
        assertThat(error("##FORMAT=<ID=1X,Number=1,Type=Integer,Description=\"x\">"))
                .contains("FORMAT ID '1X'");
        // Reserved keys must agree with the specification.
        assertThat(error("##INFO=<ID=AC,Number=A,Type=Float,Description=\"x\">"))
                .contains("header line 2")
                .contains("reserves AC with Type=Integer");
        assertThat(error("##INFO=<ID=AA,Number=.,Type=String,Description=\"x\">"))
                .contains("reserves AA with Number=1");
        assertThat(error("##FORMAT=<ID=AD,Number=A,Type=Integer,Description=\"x\">"))
                .contains("Number=R");
        assertThat(error("##FORMAT=<ID=PL,Number=1,Type=Integer,Description=\"x\">"))
                .contains("Number=G");
        assertThat(error("##FORMAT=<ID=GQ,Number=1,Type=Float,Description=\"x\">"))
                .contains("Type=Integer");
        assertThat(error("##INFO=<ID=DB,Number=1,Type=Flag,Description=\"x\">")).contains("Number=0");
    }

    @Test
    void fileLevelProblems() throws Exception {
        Throwable t = catchThrowable(() -> read());
        assertThat(t).isInstanceOf(MusubiUserException.class).hasMessageContaining("the file is empty");
        t = catchThrowable(() -> read("##fileformat=VCF v4.3", CHROM));
        assertThat(t).hasMessageContaining("line 1").hasMessageContaining("VCFv4.x");
        t = catchThrowable(() -> read("##fileformat=VCFv4.6", CHROM));
        assertThat(t).hasMessageContaining("VCF 4.0 to 4.5");
        t = catchThrowable(() -> read(CHROM));
        assertThat(t).hasMessageContaining("line 1").hasMessageContaining("##fileformat");
        t = catchThrowable(() -> read(V43, "##INFO=<ID=X,Number=1,Type=String,Description=\"a", "b\">", CHROM));
        assertThat(t).isInstanceOf(MusubiUserException.class).hasMessageContaining("header line 2");
        t = catchThrowable(() -> read(V43, "#CHROM\tPOSITION\tID\tREF\tALT\tQUAL\tFILTER\tINFO"));
        assertThat(t).hasMessageContaining("column 2 is 'POSITION'");
        t = catchThrowable(() -> read(V43, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT"));
        assertThat(t).hasMessageContaining("no sample columns");
        t = catchThrowable(() -> read(V43, CHROM + "\tS2\tS1"));
        assertThat(t).hasMessageContaining("'S1' appears twice").hasMessageContaining("header line 2");
    }

    @Test
    void fromMetaLinesReadsTheStoredHeader() {
        VcfHeaderInfo h = VcfHeaderInfo.fromMetaLines(List.of(
                "##fileformat=VCFv4.2",
                "##INFO=<ID=AF,Number=A,Type=Float,Description=\"x\">",
                "##contig=<ID=1,length=10>"));
        assertThat(h.info).containsKey("AF");
        assertThat(h.contigLengths).containsEntry("1", 10L);
        assertThat(h.samples).isEmpty();
        assertThat(VcfHeaderInfo.fromMetaLines(List.of()).info).isEmpty();
    }

    @Test
    void genomeBuildFromReferenceOrAnyPrimaryContigLength() {
        assertThat(VcfHeaderInfo.fromMetaLines(List.of("##reference=file:///ref/hs37d5.fa"))
                        .guessBuild())
                .isEqualTo("GRCh37");
        assertThat(VcfHeaderInfo.fromMetaLines(List.of("##assembly=GRCh38")).guessBuild())
                .isEqualTo("GRCh38");
        // chr22 alone (a single-chromosome file), with or without the chr prefix
        assertThat(VcfHeaderInfo.fromMetaLines(List.of("##contig=<ID=chr22,length=50818468>"))
                        .guessBuild())
                .isEqualTo("GRCh38");
        assertThat(VcfHeaderInfo.fromMetaLines(List.of("##contig=<ID=22,length=51304566>"))
                        .guessBuild())
                .isEqualTo("GRCh37");
        // PLINK's contig lengths are the last position, not the reference's: nothing says, so unknown
        assertThat(VcfHeaderInfo.fromMetaLines(List.of("##contig=<ID=22,length=51174940>"))
                        .guessBuild())
                .isNull();
    }
}
