package org.musubi.adam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.bdgenomics.adam.ds.ADAMContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.export.ExportPlan;
import org.musubi.format.TableMetadata;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser;
import org.musubi.table.VariantTable;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * ADAM in and out on a small VCF with the hard cases (a multi-allelic record, phased and half calls, haploid and
 * diploid calls on chrX, missing calls): VCF → table → ADAM → ADAM's own loadGenotypes gives ADAM's genotypes of the
 * VCF (ADAM's loadVcf); ADAM's loadVcf → saveAsParquet → table equals Musubi's VCF ingest; bad input is one line.
 */
@org.junit.jupiter.api.Tag("slow")
class AdamRoundTripSparkTest extends SparkTestBase {
    static final String VCF = String.join(
            "\n",
            "##fileformat=VCFv4.2",
            "##contig=<ID=1,length=249250621>",
            "##contig=<ID=X,length=155270560>",
            "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\ts4",
            "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\t1/1\t./.",
            "1\t200\trs2\tC\tT,G\t.\tPASS\t.\tGT\t0|1\t1|0\t1/2\t2/2",
            "1\t300\t.\tG\tA\t.\tPASS\t.\tGT\t0/.\t./1\t.|1\t0|0",
            "X\t5000000\trs3\tT\tC\t.\tPASS\t.\tGT\t0\t1\t.\t0/1",
            "");

    @TempDir
    Path tmp;

    @Test
    void vcfToTableToAdamIsWhatAdamReadsFromTheVcf() throws Exception {
        Path vcf = write("small.vcf", VCF);
        Path table = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, table, false, 2);
        Path adam = tmp.resolve("out.adam");
        AdamExportPlan.run(spark(), new ExportPlan.Request(table.toString(), adam.toString(), false, false, List.of()));
        for (String m : AdamDataset.METADATA) {
            assertThat(adam.resolve(m)).exists();
        }
        ADAMContext ac = new ADAMContext(spark().sparkContext());
        List<String> fromMusubi = AdamTesting.genotypes(AdamDataset.load(ac, adam.toString()));
        List<String> fromVcf = AdamTesting.genotypes(AdamTesting.loadVcf(spark(), vcf));
        assertThat(fromMusubi).hasSize(5 * 4).isEqualTo(fromVcf);
        assertThat(AdamTesting.sampleIds(ac, adam.toString())).containsExactly("s1", "s2", "s3", "s4");

        // and back: VCF → table → ADAM → table keeps genotypes, ploidy and phase
        Path back = tmp.resolve("back.mvt");
        AdamIngestPlan.run(spark(), request(adam, back));
        assertThat(AdamTesting.rows(back)).isEqualTo(AdamTesting.rows(table));
        TableMetadata meta = VariantTable.open(back.toString(), new Configuration()).metadata;
        assertThat(meta.inputFormat).isEqualTo("adam");
        assertThat(meta.multiallelicSplitCount).isEqualTo(1);
        assertThat(meta.genomeBuild).isEqualTo("GRCh37");
    }

    @Test
    void adamsOwnParquetOfAVcfIngestsAsMusubisVcfIngest() throws Exception {
        Path vcf = write("small.vcf", VCF);
        Path adam = tmp.resolve("adam.parquet");
        AdamTesting.loadVcf(spark(), vcf).saveAsParquet(adam.toString());
        Path fromAdam = tmp.resolve("adam.mvt");
        AdamIngestPlan.run(spark(), request(adam, fromAdam));
        Path fromVcf = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, fromVcf, false, 2);
        assertThat(AdamTesting.rows(fromAdam)).hasSize(5).isEqualTo(AdamTesting.rows(fromVcf));
    }

    @Test
    void aTableWithoutContigLengthsTakesThemFromItsBuildOrIsRefusedInOneLine() throws Exception {
        // no ##contig lines: the table records no lengths (as a PLINK or BGEN ingest)
        Path vcf = write(
                "nolengths.vcf",
                VCF.replace("##contig=<ID=1,length=249250621>\n", "")
                        .replace("##contig=<ID=X,length=155270560>\n", ""));
        Path bare = tmp.resolve("bare.mvt");
        IngestPlan.run(spark(), Ingests.request(vcf, bare, false, 1));
        assertThat(VariantTable.open(bare.toString(), new Configuration()).metadata.contigLengths)
                .isEmpty();
        Path refused = tmp.resolve("refused.adam");
        assertThatThrownBy(() -> AdamExportPlan.run(
                        spark(), new ExportPlan.Request(bare.toString(), refused.toString(), false, false, List.of())))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("no length for contig(s) 1, X and no genome build")
                .hasMessageContaining("--genome-build")
                .hasMessageNotContaining("\n");
        assertThat(refused).doesNotExist();

        // with --genome-build the build's lengths go to ADAM's reference dictionary
        Path built = tmp.resolve("built.mvt");
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(vcf.toString()))
                        .out(built.toString())
                        .bank("test-bank")
                        .options(new IngestOptions(false, 100_000, VcfRecordParser.DosageField.NONE, List.of()))
                        .dosageField("auto")
                        .genomeBuild("GRCh37")
                        .arguments(List.of("ingest", "test"))
                        .build());
        Path adam = tmp.resolve("built.adam");
        AdamExportPlan.run(spark(), new ExportPlan.Request(built.toString(), adam.toString(), false, false, List.of()));
        ADAMContext ac = new ADAMContext(spark().sparkContext());
        var dict = AdamDataset.load(ac, adam.toString()).references();
        assertThat(dict.apply("1").get().length()).isEqualTo(249250621L);
        assertThat(dict.apply("X").get().length()).isEqualTo(155270560L);
        assertThat(AdamTesting.genotypes(AdamDataset.load(ac, adam.toString())))
                .isEqualTo(AdamTesting.genotypes(AdamTesting.loadVcf(spark(), write("small.vcf", VCF))));
    }

    @Test
    void whatIsNotAnAdamGenotypeDatasetIsOneClearLine() throws Exception {
        Path vcf = write("small.vcf", VCF);
        assertThatThrownBy(() -> AdamIngestPlan.run(spark(), request(vcf, tmp.resolve("a.mvt"))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("not an ADAM genotype dataset")
                .hasMessageContaining("this is a file");
        Path table = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, table, false, 1);
        assertThatThrownBy(() -> AdamIngestPlan.run(spark(), request(table, tmp.resolve("b.mvt"))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("has no _references.avro");
        Path adam = tmp.resolve("adam.parquet");
        AdamTesting.loadVcf(spark(), vcf).saveAsParquet(adam.toString());
        Files.delete(adam.resolve("_samples.avro"));
        assertThatThrownBy(() -> AdamIngestPlan.run(spark(), request(adam, tmp.resolve("c.mvt"))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("has no _samples.avro")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> AdamIngestPlan.run(
                        spark(),
                        IngestRequest.builder()
                                .inputs(List.of(vcf.toString(), vcf.toString()))
                                .out(tmp.resolve("d.mvt").toString())
                                .build()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("give one ADAM genotype dataset");
    }

    static IngestRequest request(Path in, Path out) {
        return IngestRequest.builder()
                .inputs(List.of(in.toString()))
                .out(out.toString())
                .partitions(2)
                .arguments(List.of("ingest", "--format", "adam"))
                .build();
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
